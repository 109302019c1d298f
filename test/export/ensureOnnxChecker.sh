#!/usr/bin/env bash
# The unit stage's export test checks every ONNX file with Debian's python3-onnx (onnx.checker, full_check):
# installed here with apt when missing (needs root), as the Slurm and WebGPU stages install what they need.
set -uo pipefail
/usr/bin/python3 -c 'import onnx' 2>/dev/null && exit 0
echo "installing python3-onnx with apt"
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-onnx >/dev/null 2>&1; }
install || { apt-get update -q >/dev/null 2>&1 && install; } || echo "apt-get install python3-onnx failed: the export test will say so"
