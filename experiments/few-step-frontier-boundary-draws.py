#!/usr/bin/env python3
"""Boundary-enriched fitting draws for optimize-schedule --train-draws (few-step frontier, 16-D mixture, 10 NFE).

The fitted 10-NFE optimised-multistep solver is limited by draws near a mode boundary, which it sends to another mode
than the exact flow; a plain fit sees only ~26 of them in 32768 draws. This script draws CANDIDATES standard-normal
draws (numpy's generator, seed 20261203: neither difflab's fitting draws nor a run's), solves them with a given fitted
solver (its coefficients and schedule files) and with Heun on 320 karras steps (sampling.initial_noise), and keeps the
draws whose two endpoints differ by RMS more than THRESHOLD (near or across a boundary; ~0.65% at 0.03), filled up to
COUNT with other candidates drawn at random (seed 5). Writes OUT.npy, shape [COUNT, 16].

Usage (from the repository root, after the build):
    python3 experiments/few-step-frontier-boundary-draws.py OUT.npy COEFFICIENTS.csv SCHEDULE.csv \
        [CANDIDATES=393216] [THRESHOLD=0.03] [COUNT=32768]
"""
import os
import re
import subprocess
import sys
import tempfile
import numpy as np

OUT, COEFFICIENTS, SCHEDULE = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
CANDIDATES = int(sys.argv[4]) if len(sys.argv) > 4 else 393216
THRESHOLD = float(sys.argv[5]) if len(sys.argv) > 5 else 0.03
COUNT = int(sys.argv[6]) if len(sys.argv) > 6 else 32768
DATA = "data={type: gmm-random, dims: 16, components: 8, seed: 0, spread: 1.0, std: 0.2}"


def endpoints(noise, results, *settings):
    """The run's samples from the given initial noise (no metrics), as [CANDIDATES, 16]."""
    args = ["bin/difflab", "run", "experiments/few-step-frontier.yaml", "--set", DATA, "--set",
            f"sampling.count={CANDIDATES}", "--set", f"sampling.initial_noise={noise}", "--set", "evaluation.metrics=[]",
            "--set", "evaluation.ode_error=false", "--out", results]
    for s in settings:
        args += ["--set", s]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    run = re.search(r"results: (\S+)", out).group(1)
    return np.load(os.path.join(run, "samples.npy")).reshape(CANDIDATES, -1)


with tempfile.TemporaryDirectory() as tmp:
    z = np.random.default_rng(20261203).standard_normal((CANDIDATES, 16))
    noise = os.path.join(tmp, "candidates.npy")
    np.save(noise, z)
    fitted = endpoints(noise, tmp, "sampling.solver.type=optimised-multistep",
                       f"sampling.solver.coefficients={COEFFICIENTS}",
                       f"sampling.schedule={{type: explicit, file: {SCHEDULE}}}")
    fine = endpoints(noise, tmp, "sampling.solver.type=heun", "sampling.schedule={type: karras, steps: 320}")
gap = np.sqrt(((fitted - fine) ** 2).mean(axis=1))
near = np.flatnonzero(gap > THRESHOLD)
rng = np.random.default_rng(5)
rest = rng.choice(np.flatnonzero(gap <= THRESHOLD), COUNT - len(near), replace=False)
chosen = np.concatenate([near, rest])
rng.shuffle(chosen)
np.save(OUT, z[chosen])
print(f"{len(near)} of {CANDIDATES} candidates off by RMS > {THRESHOLD} ({(gap > 0.3).sum()} by > 0.3), "
      f"{len(rest)} others; {OUT}: {COUNT} draws")
