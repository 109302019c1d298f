#!/usr/bin/env bash
# A real one-node Slurm cluster on localhost (Debian's slurm-wlm + munge, proctrack/linuxproc, task/none):
# emits a 4-trial sweep as a job array with `genlab sweep --emit slurm`, submits it with sbatch, waits,
# then checks the four runs and the ranked table. Installs the packages with apt when missing (needs root).
# Prints a mocha-style "N passing" / "N failing" line for test/run-all.sh. Bounded: gives up after 5 minutes.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEADLINE=$((SECONDS + 300))
WORK=$(mktemp -d /tmp/genlab-slurm.XXXXXX)
fail() { echo "FAIL: $*"; tail -n 20 "$WORK"/*.log 2>/dev/null; echo "  0 passing"; echo "  1 failing"; cleanup; exit 1; }
cleanup() {
  for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  [ -n "${MUNGE_PID:-}" ] && kill "$MUNGE_PID" 2>/dev/null
  sleep 1
  rm -rf "$WORK"
}

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "installing slurm-wlm and munge with apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >"$WORK/apt.log" 2>&1 ||
    { apt-get update >>"$WORK/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >>"$WORK/apt.log" 2>&1; } ||
    fail "apt-get install slurm-wlm munge failed"
fi

# munge: its own key and socket in the work folder, so a system munged (if any) is left alone.
mkdir -p "$WORK/munge"
chmod 700 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
MUNGE_SOCKET="$WORK/munge/socket"
munged --force --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$WORK/munge/munged.pid" \
  --log-file="$WORK/munge.log" --seed-file="$WORK/munge/seed" >"$WORK/munged.out" 2>&1 || fail "munged did not start"
MUNGE_PID=$(cat "$WORK/munge/munged.pid")

HOST=$(hostname -s)
PORT=$((17000 + RANDOM % 2000))
mkdir -p "$WORK/state" "$WORK/spool"
cat >"$WORK/slurm.conf" <<CONF
ClusterName=genlab-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
until sinfo -h -o '%T' 2>/dev/null | grep -qE '^idle'; do
  [ $SECONDS -gt $DEADLINE ] && fail "the node never became idle: $(sinfo 2>&1)"
  sleep 1
done
echo "slurm up: $(sinfo -h -o '%N %T %c CPUs')"

# A 2×2 grid of the 1-D GAN, a few seconds per trial, its runs under the work folder.
cat >"$WORK/tiny.genlab.json" <<CONF
{ "name": "slurm-tiny", "model": { "type": "gan-1d", "generatorHidden": [8], "discriminatorHidden": [8] },
  "training": { "epochs": 2, "stepsPerEpoch": 10, "batchSize": 32 }, "output": { "dir": "$WORK/runs" },
  "sweep": { "grid": { "training.optimizer.learningRate": [0.001, 0.0002], "model.noiseDim": [2, 4] }, "metric": "js" } }
CONF
GENLAB="node $ROOT/bin/genlab.js"
cd "$WORK"
$GENLAB sweep tiny.genlab.json --emit slurm --out "$WORK/job" --parallel 2 --genlab "$GENLAB" || fail "--emit slurm failed"
grep -q '^#SBATCH --array=0-3%2$' "$WORK/job/sweep.sbatch" || fail "no #SBATCH --array=0-3%2 in the script"
JOB=$(sbatch --parsable "$WORK/job/sweep.sbatch") || fail "sbatch refused the script"
echo "submitted job array $JOB"
while [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; do
  [ $SECONDS -gt $DEADLINE ] && fail "job $JOB still queued or running: $(squeue -j "$JOB")"
  sleep 2
done
SWEEP="$WORK/runs/slurm-tiny-sweep"
RUNS=$(find "$SWEEP" -maxdepth 2 -name summary.json | wc -l)
[ "$RUNS" -eq 4 ] || fail "expected 4 trial runs, found $RUNS ($(cat "$SWEEP"/slurm-*.out 2>/dev/null | tail -5))"
TABLE=$($GENLAB sweep tiny.genlab.json) || fail "genlab sweep after the array exited $?"
echo "$TABLE"
echo "$TABLE" | grep -q '0 to run' || fail "the table run trained trials again"
[ "$(echo "$TABLE" | grep -cE '^[1-4] +[0-3] +done ')" -eq 4 ] || fail "the ranked table does not list four done trials"
node -e "const s=require('$SWEEP/sweep.json'); if (s.status!=='done' || s.trials.some(t=>t.status!=='done')) process.exit(1)" ||
  fail "sweep.json does not say done"
echo "  ✔ a 4-trial sweep as a Slurm job array: 4 runs, ranked table (${SECONDS}s)"
echo "  1 passing"
cleanup
