#!/usr/bin/env bash
# The unit stage checks the shipped Fashion-MNIST classifier on the whole Fashion-MNIST test set, which Debian's
# dataset-fashion-mnist provides: installed here with apt when missing (needs root), like the export test's onnx.
set -uo pipefail
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || [ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte ] && exit 0
echo "installing dataset-fashion-mnist with apt"
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dataset-fashion-mnist >/dev/null 2>&1; }
install || { apt-get update -q >/dev/null 2>&1 && install; } || echo "apt-get install dataset-fashion-mnist failed: the classifier test will say so"
