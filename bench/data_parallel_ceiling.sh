#!/usr/bin/env bash
# Upper bound on what splitting a training step over two one-thread workers (data parallelism inside the process)
# could gain over today's step on two intra-op threads: the benchmark's training spec (MLP 256x4, batch B, EDM
# denoising, `difflab bench train`'s spec) run, in turn within each round,
#   - once on two intra-op threads at batch B (today's default for B > 1024),
#   - twice at the same time as separate processes, each on one thread at batch B/2 (the two halves of a step),
#   - once on one thread at batch B.
# A split step finishes when its slower half does, so its rate is at most the slower process's steps/s (the halves'
# gradients still have to be added and one Adam update run, which the separate processes do not do).
#
#   bench/data_parallel_ceiling.sh [ROUNDS] [BATCH]      (defaults: 3 rounds, batch 4096; 150 steps a run)
#
# Steady steps/s (after the run's first fifth) from each run's metrics.json; the load average before each round.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIFFLAB="$ROOT/bin/difflab"
ROUNDS="${1:-3}"
BATCH="${2:-4096}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/difflab-dp.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
"$DIFFLAB" --version >/dev/null   # build first, outside the measurements

spec() {   # spec BATCH FILE
  cat >"$2" <<YAML
experiment: bench-train
seed: 1
data: {type: gmm-ring}
process: {type: edm}
model: {type: mlp, width: 256, depth: 4, embedding_dim: 64}
parameterization: {type: edm}
preconditioner: {type: edm}
training: {steps: 150, batch_size: $1, objective: {type: denoising, noise_distribution: log-normal,
           loss_weighting: edm}, checkpoint_every: 1000000, log_every: 1000000}
sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 1000, precision: float64}
evaluation: {plots: false, metrics: []}
YAML
}
spec "$BATCH" "$OUT/full.yaml"
spec $((BATCH / 2)) "$OUT/half.yaml"

train() {   # train THREADS SPEC DIR
  DIFFLAB_JAVA_OPTS="-Dai.djl.pytorch.num_threads=$1" "$DIFFLAB" run "$2" --out="$3" --force >/dev/null 2>&1
}
rate() {   # steady steps/s of the run under DIR
  sed -n 's/.*"steady_steps_per_second" *: *\([0-9.eE+-]*\).*/\1/p' "$(ls -d "$1"/bench-train/*/ | head -1)metrics.json"
}

printf '%-6s %-6s %22s %28s %22s %12s\n' round load "2 threads, batch $BATCH" "2 x 1 thread, batch $((BATCH / 2))" \
    "1 thread, batch $BATCH" "split / 2t"
for r in $(seq 1 "$ROUNDS"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$OUT"/r*
  train 2 "$OUT/full.yaml" "$OUT/r2"
  train 1 "$OUT/half.yaml" "$OUT/ra" &
  train 1 "$OUT/half.yaml" "$OUT/rb" &
  wait
  train 1 "$OUT/full.yaml" "$OUT/r1"
  two="$(rate "$OUT/r2")"; a="$(rate "$OUT/ra")"; b="$(rate "$OUT/rb")"; one="$(rate "$OUT/r1")"
  awk -v r="$r" -v l="$load" -v t="$two" -v a="$a" -v b="$b" -v o="$one" 'BEGIN {
      s = a < b ? a : b
      printf "%-6s %-6s %22.2f %20.2f / %5.2f %22.2f %11.2fx\n", r, l, t, a, b, o, s / t }'
done
echo "load average after: $(cut -d' ' -f1 /proc/loadavg)"
