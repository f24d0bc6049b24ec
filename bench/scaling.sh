#!/usr/bin/env bash
# Wall time and peak memory of `difflab run` against sample count, dimension, mixture components and steps.
#
#   bench/scaling.sh [count|dims|components|steps|metrics ...]     (default: all five)
#
# Each row is one run in its own JVM (exact denoiser, EDM process, Heun on the Karras schedule), timed by GNU time:
# wall seconds of the whole command, difflab's own sampling seconds, and the peak resident set size (RSS), which
# includes the JVM and PyTorch (about 230 MB for a trivial run). "own size" is count x dims x 8 bytes. Sampling
# rows run without metrics or plots; the "metrics" rows add the default metrics. Results go to a temporary directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIFFLAB="$ROOT/bin/difflab"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/difflab-scaling.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench/scaling.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
"$DIFFLAB" --version >/dev/null   # build first, outside the measurements

SPEC="$OUT/spec.yaml"
cat >"$SPEC" <<'EOF'
experiment: scaling
seed: 1
data: {type: gmm-ring}
process: {type: edm}
model: {type: exact}
sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 10000}
evaluation: {metrics: [], plots: false}
EOF

row() {   # row LABEL COUNT DIMS -- --set ...
  local label="$1" count="$2" dims="$3"
  shift 4
  local log="$OUT/run.log"
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$DIFFLAB" run "$SPEC" --out "$OUT/results" --force \
      --set "sampling.count=$count" "$@" >"$log" 2>&1 || { echo "$label: failed"; tail -5 "$log"; return; }
  read -r wall rss <"$OUT/time"
  local sampling
  sampling="$(sed -n 's/.*done in \([0-9.]*\) s.*/\1/p' "$log")"
  awk -v l="$label" -v w="$wall" -v s="$sampling" -v r="$rss" -v c="$count" -v d="$dims" 'BEGIN {
    own = c * d * 8 / 1048576
    printf "  %-34s %8.2f s %9.2f s %8.0f MB %10.1f MB\n", l, w, s, r / 1024, own }'
  rm -rf "$OUT/results"
}

header() {
  echo "$1"
  printf "  %-34s %10s %11s %11s %13s\n" "" "wall" "sampling" "peak RSS" "own size"
}

for what in "${@:-count dims components steps metrics}"; do
  for item in $what; do
    case "$item" in
      count)
        header "sample count (2-D ring of 8, 18 steps)"
        for n in 1000 10000 100000 1000000 4000000; do row "count $n" "$n" 2 --; done ;;
      dims)
        header "dimension (gmm-random, 8 components, 10,000 samples)"
        for d in 2 16 128 1024; do
          row "dims $d" 10000 "$d" -- --set "data={type: gmm-random, dims: $d, components: 8}"
        done ;;
      components)
        header "mixture components (gmm-random, 2-D, 100,000 samples)"
        for k in 1 8 64 256; do
          row "components $k" 100000 2 -- --set "data={type: gmm-random, dims: 2, components: $k}"
        done ;;
      steps)
        header "steps (2-D ring, 100,000 samples; NFE = 2 steps - 1)"
        for s in 5 18 50 200; do row "steps $s" 100000 2 -- --set "sampling.schedule.steps=$s"; done ;;
      metrics)
        header "sampling and the default metrics (energy_distance, sliced_wasserstein, exact_nll), 2-D ring"
        for n in 10000 100000 1000000 4000000; do
          row "count $n with metrics" "$n" 2 -- --set \
              'evaluation.metrics=[energy_distance, sliced_wasserstein, exact_nll]'
        done ;;
      *) echo "unknown: $item (accepted: count dims components steps metrics)" >&2; exit 2 ;;
    esac
  done
done
