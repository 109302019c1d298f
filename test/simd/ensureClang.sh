#!/usr/bin/env bash
# The unit stage rebuilds GenLab's SIMD kernels from C and compares them with the committed build, with Debian's
# clang-19 + lld-19: installed here with apt when missing (needs root), as the export stage installs python3-onnx.
set -uo pipefail
command -v clang-19 >/dev/null && command -v wasm-ld-19 >/dev/null && exit 0
echo "installing clang-19 and lld-19 with apt"
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang-19 lld-19 >/dev/null 2>&1; }
install || { apt-get update -q >/dev/null 2>&1 && install; } || echo "apt-get install clang-19 lld-19 failed: the SIMD kernel test will say so"
