#!/usr/bin/env bash
# Is `training.threads: auto` safe beside other work? The MNIST VAE step at 1 thread and at `auto`, alternating,
# first on the machine as it is and then with a busy-looping process on one core (the case where a thread pool
# that spans both cores waits at every barrier). Run it on an otherwise idle machine, from the repository root:
#   bench/busyCore.sh [ROUNDS]
# Prints bench/vae.ts's JSON lines (threads and threadsReason say what auto chose) with a "busy" field.
set -euo pipefail
rounds="${1:-3}"

measure() {
  local busy="$1" threads="$2"
  npx tsx bench/vae.ts --backends wasm --threads "$threads" | tail -n 1 | sed "s/^{/{\"busy\":$busy,/"
}

for busy in 0 1; do
  pid=""
  if [ "$busy" = 1 ]; then
    node -e 'for (;;);' &
    pid=$!
    sleep 1
  fi
  for ((round = 1; round <= rounds; round++)); do
    measure "$busy" 1
    measure "$busy" auto
  done
  [ -z "$pid" ] || kill "$pid"
done
