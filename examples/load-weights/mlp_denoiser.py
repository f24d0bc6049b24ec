"""Evaluate a difflab `mlp` denoiser from its model.npz with numpy alone (the same lines port to PyTorch).

    python3 mlp_denoiser.py RUN_DIR X.npy SIGMA OUT.npy --sigma-data 1.43 [--scale 1.0] [--activation silu]

Covers the `mlp` model with the sinusoidal noise embedding, trained with EDM's parameterization and
preconditioner (`parameterization: {type: edm}`, `preconditioner: {type: edm}`) on the `edm` process; RUN_DIR's
model.yaml states which the run used. Writes D(x; sigma) for every row of X.

model.npz keys (DJL's block names: a child index, the block, the parameter):
  NNhidden{i}_weight [width, in]  NNhidden{i}_bias [width]   hidden layer i (in = dims + embedding_dim for i = 0)
  NNoutput_weight [dims, width]   NNoutput_bias [dims]        the output layer
  NNlabels_*                                                  class embedding (conditional models only)
Weights are stored [out, in] like torch.nn.Linear.weight, so `linear.weight.data = torch.from_numpy(w)` loads one.
"""
import argparse
import math
import os

import numpy as np


def sinusoidal(c_noise, dim, scale):
    # [sin(w_k c), cos(w_k c)], w_k = scale 10000^(-k/half): sines first, then cosines of the same frequencies
    half = dim // 2
    w = scale * np.power(10000.0, -np.arange(half) / half)
    arg = np.outer(c_noise, w)
    return np.concatenate([np.sin(arg), np.cos(arg)], axis=1)


ACTIVATIONS = {
    "silu": lambda h: h / (1.0 + np.exp(-h)),
    "relu": lambda h: np.maximum(h, 0.0),
}


def network(weights, x_in, c_noise, scale, activation):
    hidden = sorted({k[:-len("_weight")] for k in weights if k.endswith("_weight") and "hidden" in k})
    output = next(k[:-len("_weight")] for k in weights if k.endswith("output_weight"))
    embedding_dim = weights[hidden[0] + "_weight"].shape[1] - x_in.shape[1]
    h = np.concatenate([x_in, sinusoidal(c_noise, embedding_dim, scale)], axis=1)   # [x * c_in, embedding]
    for name in hidden:
        h = ACTIVATIONS[activation](h @ weights[name + "_weight"].T + weights[name + "_bias"])
    return h @ weights[output + "_weight"].T + weights[output + "_bias"]


def edm_denoiser(weights, x, sigma, sigma_data, scale=1.0, activation="silu"):
    # EDM (Karras et al. 2022) Table 1: D(x; sigma) = c_skip x + c_out F(c_in x; c_noise)
    c_skip = sigma_data ** 2 / (sigma ** 2 + sigma_data ** 2)
    c_out = sigma * sigma_data / math.sqrt(sigma ** 2 + sigma_data ** 2)
    c_in = 1.0 / math.sqrt(sigma ** 2 + sigma_data ** 2)
    c_noise = np.full(x.shape[0], math.log(sigma) / 4.0)
    flat = x.reshape(x.shape[0], -1)
    f = network(weights, (c_in * flat).astype(np.float32), c_noise.astype(np.float32), scale, activation)
    return (c_skip * flat + c_out * f.astype(np.float64)).reshape(x.shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("x")
    parser.add_argument("sigma", type=float)
    parser.add_argument("out")
    parser.add_argument("--sigma-data", type=float, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--activation", default="silu", choices=sorted(ACTIVATIONS))
    args = parser.parse_args()
    weights = dict(np.load(os.path.join(args.run_dir, "model.npz")))
    x = np.load(args.x).astype(np.float64)
    np.save(args.out, edm_denoiser(weights, x, args.sigma, args.sigma_data, args.scale, args.activation))


if __name__ == "__main__":
    main()
