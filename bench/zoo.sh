#!/usr/bin/env bash
# The model zoo's quality figures: trains each image generator's example config as shipped (one wasm thread each,
# two runs side by side on a 2-core machine) and prints its final epoch's quality metrics as JSON lines, lowest FID first.
# Usage, from the repository root after `npm run build`:
#   bench/zoo.sh OUT_DIR [EXAMPLE...]
# The default is every MNIST-like image generator's example; NADE and the categorical VAE train 20 epochs, so all of
# them take several hours on 2 cores — name examples to run fewer.
# Each run stays in OUT_DIR/<example>/ for the panel or `genlab runs OUT_DIR/<example>`.
set -euo pipefail
out="${1:?usage: bench/zoo.sh OUT_DIR [EXAMPLE...]}"
shift
examples=("$@")
# Longest first, so the two lanes end together.
[ ${#examples[@]} -gt 0 ] || examples=(infogan-mnist pixelcnn-mnist acgan-mnist acgan-fashion-mnist aae-mnist aae-mnist-supervised
  dcgan-mnist nade-mnist vae-mnist categorical-vae-mnist cvae-mnist cvae-fashion-mnist)
parallel="${ZOO_PARALLEL:-2}"
mkdir -p "$out"

train() {
  local name="$1"
  rm -rf "${out:?}/$name"
  node dist/cli.js train "examples/$name.genlab.json" --set training.threads=1 --out "$out/$name" > "$out/$name.log" 2>&1 \
    || echo "$name failed: see $out/$name.log" >&2
}

for name in "${examples[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n; done
  train "$name" &
done
wait

node - "$out" "${examples[@]}" <<'EOF'
const { readFileSync, readdirSync } = require('node:fs');
const [out, ...names] = process.argv.slice(2);
const rows = [];
const shown = ['fid', 'classCoverage', 'classEntropy', 'conditionalAccuracy', 'codeAccuracy', 'testNll', 'testMmd', 'testNegElbo'];
for (const name of names) {
  const run = readdirSync(`${out}/${name}`)[0];
  const summary = JSON.parse(readFileSync(`${out}/${name}/${run}/summary.json`, 'utf8'));
  const metrics = Object.fromEntries(shown.filter((k) => k in summary.metrics).map((k) => [k, +summary.metrics[k].toPrecision(4)]));
  rows.push({ bench: 'zoo', example: name, status: summary.status, epochs: summary.epochs, steps: summary.steps,
    wallS: Math.round(summary.durationS), ...metrics });
}
rows.sort((a, b) => (a.fid ?? Infinity) - (b.fid ?? Infinity));
for (const row of rows) console.log(JSON.stringify(row));
EOF
