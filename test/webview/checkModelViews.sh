#!/usr/bin/env bash
# Trains short MCMC, NADE, PixelCNN, 1-D GAN, Gumbel GAN, VAE, DCGAN, InfoGAN, CVAE, AC-GAN and AAE runs with the CLI, then checks their artifact views in the panel harness
# (modelViewShots.mjs: drawn, epoch slider, theme change, Export PNG, each view's own checks against
# the artifact's numbers, malformed files), and the explorers of the VAE, GAN, InfoGAN, NADE, PixelCNN, categorical VAE, 1-D GAN and
# Gumbel GAN runs (explorerShots.mjs, sampleExplorerShots.mjs). Screenshots go to a temporary folder, not media/
# Ends with mocha-style totals, which test/run-all.sh counts.
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# train NAME CONFIG [--set …]: a run named NAME under $tmp/runs; prints its folder.
train() {
  local name=$1 config=$2
  shift 2
  if ! npx tsx src/cli/main.ts train "$config" --set "name=\"$name\"" "$@" --out "$tmp/runs" > "$tmp/$name.log" 2>&1; then
    echo "not ok - training $name failed:" >&2
    tail -20 "$tmp/$name.log" >&2
    return 1
  fi
  ls -d "$tmp"/runs/*-"$name"
}

# views PREFIX RUN VIEW…: checks the views and adds their counts to the totals.
views() {
  local prefix=$1 run=$2
  shift 2
  local out
  out=$(SCREENSHOTS_DIR="$tmp/shots" node test/webview/modelViewShots.mjs --prefix "$prefix" "$run" "$@" 2>&1)
  echo "$out"
  passed=$((passed + $(echo "$out" | grep -Eo '^ *[0-9]+ passing' | grep -Eo '[0-9]+' || echo 0)))
  failed=$((failed + $(echo "$out" | grep -Eo '^ *[0-9]+ failing' | grep -Eo '[0-9]+' || echo 1)))
}

if run=$(train views-gibbs examples/gibbs-two-coins.genlab.json --set model.iterations=20000); then
  views gibbs- "$run" trace path hist2d posterior diagnostics
else failed=$((failed + 1)); fi
if run=$(train views-metropolis examples/metropolis-two-coins.genlab.json --set model.iterations=20000); then
  views metropolis- "$run" trace path diagnostics
else failed=$((failed + 1)); fi
if run=$(train views-nade examples/nade-mnist.genlab.json --set training.epochs=2 --set training.stepsPerEpoch=3 \
  --set model.hidden=20 --set data.limit=500 --set data.testLimit=50); then
  views nade- "$run" conditionals samples
  nade_run=$run
else failed=$((failed + 1)); fi
# PixelCNN draws NADE's views (the same artifact names) and serves the same completion.
if run=$(train views-pixelcnn examples/pixelcnn-mnist.genlab.json --set training.epochs=2 --set training.stepsPerEpoch=3 \
  --set model.channels=8 --set model.layers=2 --set data.limit=500 --set data.testLimit=50); then
  views pixelcnn- "$run" conditionals samples
  pixelcnn_run=$run
else failed=$((failed + 1)); fi

# The uPlot line chart on functions of x and the bar chart beside the heat map.
if run=$(train views-gan1d examples/gan-1d.genlab.json --set training.epochs=3 --set training.stepsPerEpoch=50); then
  views gan1d- "$run" gan1d-curves
  gan1d_run=$run
else failed=$((failed + 1)); fi
if run=$(train views-gumbel examples/gumbel-gan-abcde.genlab.json --set training.epochs=3 --set training.stepsPerEpoch=30); then
  views gumbel- "$run" category-probs
  gumbel_run=$run
else failed=$((failed + 1)); fi

# The explorers (a real `genlab serve` of the run behind the harness): a VAE's 2-D plane, and sliders beyond two
# dimensions (explorerShots.mjs); a GAN's sample grid, interpolation and walk over epochs, NADE's completions,
# a categorical VAE's code grid, the 1-D GAN's noise sliders and the Gumbel GAN's temperature (sampleExplorerShots.mjs).
explorer() {
  local out
  out=$(SCREENSHOTS_DIR="$tmp/shots" node "test/webview/${2:-explorerShots.mjs}" "$1" 2>&1)
  echo "$out" | grep -v '^Warning'
  passed=$((passed + $(echo "$out" | grep -Eo '^ *[0-9]+ passing' | grep -Eo '[0-9]+' || echo 0)))
  failed=$((failed + $(echo "$out" | grep -Eo '^ *[0-9]+ failing' | grep -Eo '[0-9]+' || echo 1)))
}
for dim in 2 3; do
  if run=$(train "views-vae-${dim}d" examples/vae-mnist.genlab.json --set training.epochs=2 --set data.limit=1024 \
    --set data.testLimit=128 --set model.hidden=[64] --set model.latentDim=$dim); then
    explorer "$run"
  else failed=$((failed + 1)); fi
done
if run=$(train views-dcgan examples/dcgan-mnist.genlab.json --set training.epochs=3 --set data.limit=512 --set data.testLimit=128 \
  --set model.width=8); then
  explorer "$run" sampleExplorerShots.mjs
else failed=$((failed + 1)); fi
# InfoGAN's fixed-noise grid and traversals, and its sample grid explorer (the generator's input as the latent).
# 48 steps: fewer leave the tiny generator's 16 samples all alike, which the explorer's check rightly refuses.
if run=$(train views-infogan examples/infogan-mnist.genlab.json --set training.epochs=3 --set data.limit=1024 --set data.testLimit=128 \
  --set model.width=8 --set model.hidden=64 --set model.qHidden=16); then
  views infogan- "$run" samples traversal-c2 traversal-c3
  explorer "$run" sampleExplorerShots.mjs
else failed=$((failed + 1)); fi
# The conditional models' class grids (a row per class), the CVAE's reconstructions and per-class manifolds.
if run=$(train views-cvae-cond examples/cvae-mnist.genlab.json --set training.epochs=2 --set data.limit=1024 --set data.testLimit=128 \
  --set model.hidden=[64]); then
  views cvae- "$run" class-grid reconstructions class-manifold
else failed=$((failed + 1)); fi
if run=$(train views-acgan examples/acgan-mnist.genlab.json --set training.epochs=2 --set data.limit=256 --set data.testLimit=128 \
  --set model.width=4 --set model.evaluationSamples=100); then
  views acgan- "$run" class-grid
else failed=$((failed + 1)); fi
# The adversarial autoencoder's latent scatter over the prior's density (the supervised mixture), reconstructions, manifold.
if run=$(train views-aae examples/aae-mnist-supervised.genlab.json --set training.epochs=2 --set data.limit=1024 --set data.testLimit=256 \
  --set model.hidden=[64] --set model.discriminatorHidden=[32] --set training.qualitySamples=100); then
  views aae- "$run" latent-scatter reconstructions manifold samples
else failed=$((failed + 1)); fi
for run in "${nade_run:-}" "${pixelcnn_run:-}" "${gan1d_run:-}" "${gumbel_run:-}"; do
  [ -n "$run" ] && explorer "$run" sampleExplorerShots.mjs
done
if run=$(train views-cvae examples/categorical-vae-mnist.genlab.json --set training.epochs=2 --set data.limit=1024 \
  --set data.testLimit=128 --set model.hidden=[64]); then
  explorer "$run" sampleExplorerShots.mjs
else failed=$((failed + 1)); fi

echo "  $passed passing"
echo "  $failed failing"
[ "$failed" -eq 0 ]
