#!/usr/bin/env bash
# WebGPU against wasm on this machine: VAE (784-512-512-2, batch 128) and DCGAN-64 (batch 64) steps/s, each
# backend in its own process, alternating, ROUNDS times (default 2) so drift shows. One JSON line per measurement;
# "on" names the adapter. Ready for a machine with a GPU, from the project root after `npm ci`:
#   bash bench/gpu.sh                       # ROUNDS=3 VAE_STEPS=100 DCGAN_STEPS=20 bash bench/gpu.sh
# A software adapter (llvmpipe) runs under 1 step/s: there give VAE_STEPS=5 DCGAN_STEPS=1, for correctness only.
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-2}
vae_steps=${VAE_STEPS:-40}
dcgan_steps=${DCGAN_STEPS:-10}

echo "# $(date -u +%FT%TZ) · $(uname -srm) · $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | xargs) · node $(node -v)"
if command -v nvidia-smi >/dev/null; then
  echo "# GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | paste -sd ';')"
fi
if [ "$(uname -s)" = Linux ]; then
  # Dawn reaches the GPU through Vulkan on Linux: without the vendor's ICD it sees no adapter (or only llvmpipe).
  icds=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null | xargs -n1 basename 2>/dev/null | paste -sd ' ')
  echo "# Vulkan drivers (ICDs): ${icds:-none: install the Vulkan driver of the GPU, e.g. libnvidia-gl or mesa-vulkan-drivers}"
fi

for round in $(seq "$rounds"); do
  echo "# round $round"
  for backend in webgpu wasm; do
    npx tsx bench/vae.ts --backends "$backend" --steps "$vae_steps" | tail -n 1
  done
  for backend in webgpu wasm; do
    npx tsx bench/dcgan.ts --backends "$backend" --steps "$dcgan_steps" | tail -n 1
  done
done
