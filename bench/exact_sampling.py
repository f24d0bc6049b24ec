"""Exact-denoiser sampling in plain numpy: the reference `difflab bench sampling` compares itself against.

The same computation as a difflab run with the EDM process (alpha = 1, sigma = t), the exact denoiser of an
isotropic Gaussian mixture, Heun's method (EDM Algorithm 1, Euler on the final step) and the Karras schedule
(EDM eq. 5): written the way a numpy user would, vectorised over the batch, squared distances from one
matrix product (|x|^2 - 2 x mu^T + |mu|^2), responsibilities by a max-shifted softmax.

    python3 bench/exact_sampling.py --mixture mixture.json --noise z.npy --out samples.npy --rounds 3

mixture.json: {"means": [[...], ...], "stds": [...], "weights": [...]}; z.npy: standard-normal draws of
shape [count, dims] (the sampler's initial noise before scaling by sigma_max). Prints one JSON line per round,
{"round": i, "seconds": s}, and writes the last round's samples.
"""
import argparse
import json
import time

import numpy as np


def karras_sigmas(steps, sigma_min, sigma_max, rho):
    """EDM eq. 5, then the final step to sigma = 0."""
    ramp = np.arange(steps) / max(steps - 1, 1)
    top, bottom = sigma_max ** (1 / rho), sigma_min ** (1 / rho)
    return np.append((top + ramp * (bottom - top)) ** rho, 0.0)


def make_denoiser(means, stds, weights, dtype):
    """E[x0 | x] for x = x0 + sigma eps, x0 ~ sum_k w_k N(mu_k, s_k^2 I)."""
    d = means.shape[1]
    s2 = stds ** 2
    mean_sq = (means ** 2).sum(axis=1)
    log_w = np.log(weights / weights.sum())
    means_t = means.T.astype(dtype)

    def denoise(x, sigma):
        v = s2 + sigma ** 2
        gain = s2 / v
        sq = (x * x).sum(axis=1, keepdims=True) - 2 * (x @ means_t) + mean_sq.astype(dtype)
        logits = (log_w - 0.5 * d * np.log(v)).astype(dtype) - sq * (0.5 / v).astype(dtype)
        logits -= logits.max(axis=1, keepdims=True)
        r = np.exp(logits)
        r /= r.sum(axis=1, keepdims=True)
        shrunk = (means * (1 - gain)[:, None]).astype(dtype)
        return r @ shrunk + x * (r @ gain.astype(dtype))[:, None]

    return denoise


def heun(denoise, z, sigmas, dtype):
    """EDM Algorithm 1 with S_churn = 0."""
    x = (z * sigmas[0]).astype(dtype)
    for i in range(len(sigmas) - 1):
        t, t_next = sigmas[i], sigmas[i + 1]
        d = (x - denoise(x, t)) / dtype(t)
        x_next = x + dtype(t_next - t) * d
        if t_next != 0:
            d_next = (x_next - denoise(x_next, t_next)) / dtype(t_next)
            x_next = x + dtype(0.5 * (t_next - t)) * (d + d_next)
        x = x_next
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mixture", required=True)
    parser.add_argument("--noise", required=True)
    parser.add_argument("--out")
    parser.add_argument("--steps", type=int, default=18)
    parser.add_argument("--rho", type=float, default=7.0)
    parser.add_argument("--sigma-min", type=float, default=0.002)
    parser.add_argument("--sigma-max", type=float, default=80.0)
    parser.add_argument("--precision", choices=["float64", "float32"], default="float64")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with open(args.mixture) as f:
        spec = json.load(f)
    dtype = np.float64 if args.precision == "float64" else np.float32
    means, stds, weights = (np.asarray(spec[k], dtype=np.float64) for k in ("means", "stds", "weights"))
    z = np.load(args.noise).astype(np.float64)
    denoise = make_denoiser(means, stds, weights, dtype)
    sigmas = karras_sigmas(args.steps, args.sigma_min, args.sigma_max, args.rho)
    samples = None
    for r in range(args.rounds):
        start = time.perf_counter()
        samples = heun(denoise, z, sigmas, dtype)
        print(json.dumps({"round": r, "seconds": time.perf_counter() - start}), flush=True)
    if args.out:
        np.save(args.out, samples)


if __name__ == "__main__":
    main()
