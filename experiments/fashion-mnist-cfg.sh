#!/usr/bin/env bash
# Classifier-free guidance on Fashion-MNIST with one trained network for every guidance scale:
#   1. train the class-conditional U-Net once (difflab run with the sweep off; a few samples, no metrics);
#   2. sweep sampling.guidance.scale over that run's weights (model: {type: checkpoint}, training off).
# A plain `difflab sweep` of the spec also trains once (runs differing only in sampling share the network stored in
# <out>/.cache); this script makes the two steps explicit, so the training run can be inspected on its own.
# Usage: experiments/fashion-mnist-cfg.sh [SPEC] [OUT] [difflab sweep options...]
#   default SPEC experiments/fashion-mnist-cfg.yaml (the CPU version; experiments/fashion-mnist-cfg-gpu.yaml is the
#   full one), default OUT results.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="${1:-$ROOT/experiments/fashion-mnist-cfg.yaml}"
OUT="${2:-results}"
shift $(( $# < 2 ? $# : 2 ))
DIFFLAB="${DIFFLAB:-$ROOT/bin/difflab}"

# 1. training; the run directory is the first line of `results: <dir> (...)`
log="$(mktemp "${TMPDIR:-/tmp}/fashion-mnist-cfg.XXXXXX")"
trap 'rm -f "$log"' EXIT
"$DIFFLAB" run "$SPEC" --out "$OUT" --set sweep=null --set 'evaluation.metrics=[]' --set sampling.count=100 \
  | tee "$log"
trained="$(sed -n 's/^results: \(.*\) ([0-9.]* s in all)$/\1/p; s/^run .* already finished: \(.*\) (use --force.*$/\1/p' "$log" \
  | head -n 1)"
if [ -z "$trained" ] || [ ! -f "$trained/model.npz" ]; then
  echo "fashion-mnist-cfg.sh: the training run did not report its directory (see above)" >&2
  exit 1
fi

# 2. the guidance sweep on the trained weights
"$DIFFLAB" sweep "$SPEC" --out "$OUT" --set training=null \
  --set "model={type: checkpoint, path: $trained}" "$@"
