#!/usr/bin/env bash
# Trains the quality metrics' classifiers with GenLab itself (examples/classifier-*.genlab.json, seed 0) and writes
# the weights that ship in media/classifiers/ from each run's final checkpoint. Usage, from the repository root:
#   scripts/train-classifiers.sh [RUNS_DIR]        (default .genlab/classifier-runs; ~15 min a data set on 2 cores)
set -euo pipefail
runs="${1:-.genlab/classifier-runs}"
for dataset in mnist fashion-mnist; do
  out="$runs/$dataset"
  rm -rf "$out"
  npx tsx src/cli/main.ts train "examples/classifier-$dataset.genlab.json" --out "$out"
  npx tsx scripts/ship-classifier.ts "$(ls -d "$out"/*/ | head -n 1)" "$dataset"
done
