#!/usr/bin/env bash
# `npm test`: builds the bundles, runs the engine's unit tests in plain Node (mocha), the extension-host
# suite in a real VS Code, then the panel's views in headless Chromium, then the per-platform .vsix files and
# the end-to-end journey on the installed one. Ends with one "N passed, N failed" line over all stages.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
status=0
timings=()
failures=()
log=$(mktemp)

# Runs one mocha-style stage and adds its "N passing" / "N failing" counts to the totals.
stage() {
  local name=$1
  shift
  echo "=== $name"
  local started=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  # CI allows 30 minutes for all stages: each says what it took, so the slow one is easy to find.
  echo "--- $name took $((SECONDS - started)) s (exit $rc)"
  timings+=("$name $((SECONDS - started))s")
  local p f
  p=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  f=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  # CI shows only the end of the log: keep each failure's title and message (mocha's numbered list, or a
  # harness's "not ok" lines) to print again beside the totals.
  if [ -n "${f:-}" ] && [ "$f" -gt 0 ]; then
    failures+=("[$name]")
    while IFS= read -r line; do failures+=("$line"); done < <(
      sed -n '/^ *[0-9]* failing/,$p' "$log" | grep -Ev '^ +at |^ *$|failing$' | head -40)
  fi
  while IFS= read -r line; do failures+=("[$name] $line"); done < <(grep -E '^not ok' "$log" | head -20)
  if [ "$rc" -ne 0 ]; then
    status=1
    # A stage that died before reporting still counts as a failure.
    if [ -z "$f" ]; then
      failed=$((failed + 1))
      failures+=("[$name] exited $rc before reporting its tests")
    fi
  fi
}

stage build node esbuild.mjs
stage typecheck npx tsc -p . --noEmit
stage lint npx eslint .
bash test/export/ensureOnnxChecker.sh
bash test/simd/ensureClang.sh
bash test/data/ensureFashionMnist.sh
# The unit tests under c8 (V8's own coverage, so the CLI child processes count too), then line and branch
# coverage per folder. Only what mocha runs is measured: the extension host and the panel in Chromium are not.
stage unit npx c8 --reporter=json-summary --report-dir .scratch/coverage --temp-directory .scratch/coverage/tmp \
  --all --include 'src/**' --include 'webview/**' --exclude '**/*.d.ts' --exclude '**/*.css' mocha
[ -f .scratch/coverage/coverage-summary.json ] && node test/coverage/byFolder.mjs .scratch/coverage/coverage-summary.json
# A real one-node Slurm cluster on localhost (slurm-wlm + munge, installed with apt when missing): a 4-trial sweep
# submitted with sbatch as a job array, its runs and ranked table checked. Bounded to 5 minutes by the script.
stage slurm bash test/slurm/oneNodeSlurm.sh
# The extension-host suite in a real VS Code: the server from the code-server npm package, driven by headless
# Debian Chromium (both installed on first use, into .cache/code-server and by apt). Then its workspace-trust
# tests once more in a folder that is not trusted.
# WebGPU on the machine's adapter (a software Vulkan driver is installed by apt when none is found): the
# backend ladder with injected adapters, and every example model a few steps on webgpu against cpu.
stage webgpu test/webgpu/run.sh
stage extension-host bash -c 'node test/extension/build.mjs && node test/extension/runInCodeServer.mjs'
stage extension-host-untrusted node test/extension/runInCodeServer.mjs --untrusted
# The panel in headless Chromium (installed by the stage above when missing): the harness replaying a
# recorded run, then each model view on short runs trained here.
stage webview bash -c 'SCREENSHOTS_DIR=$(mktemp -d) node test/webview/screenshots.mjs'
stage model-views test/webview/checkModelViews.sh
# The exported tfjs decoder of a small MNIST VAE loaded by tf.loadLayersModel in headless Chromium (Chromium: installed by the extension-host stage).
stage export-browser npx tsx test/export/browserDecoder.ts
# The sweep panel's page from a real sweep, light and dark, in headless Chromium.
stage sweep-panel bash -c 'SCREENSHOTS_DIR=$(mktemp -d) npx tsx test/webview/sweepPanelShots.ts'
# The marketplace packages: one .vsix per platform (scripts/package-platforms.ts; other platforms' sharp packages
# come from the npm registry), each opened and checked for its own platform's native binaries only.
stage packages bash -c 'npm run package -- --all && npx mocha --no-config --require tsx/cjs --timeout 120000 test/package/vsix.test.ts'
# The user's journey on the installed extension: this machine's .vsix from the stage above, in the real VS Code
# workbench (palette → Train → curves and samples → Stop, Resume → reload); screenshots to a temporary folder.
stage e2e bash -c 'SCREENSHOTS_DIR=$(mktemp -d) node test/e2e/workbench.e2e.mjs --vsix "$(npm run --silent package -- --print-path)"'

rm -f "$log"
echo
echo "stages: ${timings[*]} · all ${SECONDS}s"
if [ ${#failures[@]} -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "tests: $passed passed, $failed failed"
exit $status
