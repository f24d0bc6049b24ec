"""The same training step as `bin/difflab bench train`, in PyTorch, for comparison on the same machine.

Network: [x (2-D), sinusoidal embedding of c_noise (64)] -> 4 x (Linear 256, SiLU) -> Linear 2.
Step: draw a batch from a ring of 8 Gaussians, ln sigma ~ N(-1.2, 1.2^2), EDM preconditioning and
weighting (Karras et al. 2022, Table 1), MSE on the EDM target, backward, Adam.

Run with Debian's python3-torch:  /usr/bin/python3 bench/pytorch_mlp_step.py --threads 2
`difflab bench train` runs it with --json and reads the last line.
"""
import argparse
import json
import math
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--batch", type=int, default=4096)
parser.add_argument("--width", type=int, default=256)
parser.add_argument("--depth", type=int, default=4)
parser.add_argument("--steps", type=int, default=30)
parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
args = parser.parse_args()
# the BLAS's own thread pool (OpenBLAS's pthreads) reads these when it loads, not torch.set_num_threads
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)

import torch  # noqa: E402  (after the thread variables)


class Mlp(torch.nn.Module):
    def __init__(self, width, depth, embedding=64, dims=2):
        super().__init__()
        half = embedding // 2
        # geometric frequencies 10000^(-k/half), as the platform's sinusoidal embedding
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half) / half))
        layers, width_in = [], dims + embedding
        for _ in range(depth):
            layers += [torch.nn.Linear(width_in, width), torch.nn.SiLU()]
            width_in = width
        layers.append(torch.nn.Linear(width_in, dims))
        self.net = torch.nn.Sequential(*layers)

    def forward(self, x, c_noise):
        angles = c_noise[:, None] * self.freqs[None, :]
        return self.net(torch.cat([x, angles.sin(), angles.cos()], dim=1))


def ring(batch, generator):
    k = torch.randint(0, 8, (batch,), generator=generator)
    angle = 2 * math.pi * k / 8
    centers = torch.stack([2.0 * torch.cos(angle), 2.0 * torch.sin(angle)], dim=1)
    return centers + 0.2 * torch.randn(batch, 2, generator=generator)


def blas():
    """The BLAS library this process loaded (from /proc/self/maps), with OpenBLAS's own description if it is one."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return "unknown (no /proc/self/maps)"
    found = sorted(os.path.realpath(p) for p in paths if any(k in os.path.basename(p) for k in ("blas", "mkl")))
    for path in found:
        if "openblas" in path:
            import ctypes
            try:
                library = ctypes.CDLL(path)
                library.openblas_get_config.restype = ctypes.c_char_p
                return library.openblas_get_config().decode() + " (" + path + ")"
            except (OSError, AttributeError):
                pass
    if found:
        return ", ".join(found)
    return "MKL (linked in)" if torch.backends.mkl.is_available() else "none found"


def matmul_gflops(rows, width):
    """Median over 9 rounds of 40 products, as difflab bench measures DJL's."""
    a, b = torch.randn(rows, width), torch.randn(width, width)
    for _ in range(20):
        a @ b
    rates = []
    for _ in range(9):
        start = time.perf_counter()
        for _ in range(40):
            a @ b
        rates.append(2 * rows * width * width * 40 / (time.perf_counter() - start) / 1e9)
    return sorted(rates)[4]


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(1)
    model = Mlp(args.width, args.depth)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    sigma_data = 0.5

    def step():
        x0 = ring(args.batch, generator)
        sigma = torch.exp(-1.2 + 1.2 * torch.randn(args.batch, generator=generator))[:, None]
        eps = torch.randn(args.batch, 2, generator=generator)
        norm = torch.sqrt(sigma ** 2 + sigma_data ** 2)
        c_in, c_noise = 1 / norm, torch.log(sigma[:, 0]) / 4
        target = (sigma / (sigma_data * norm)) * x0 - (sigma_data / norm) * eps   # (x0 - c_skip x) / c_out
        weight = 1.0   # EDM's lambda(sigma) c_out^2 = 1 on this target
        loss = (weight * (model(c_in * (x0 + sigma * eps), c_noise) - target) ** 2).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(5):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    # 2 B in out per product: forward and weight gradient at every layer, input gradient from the second layer on
    # (the first layer's input needs none), as difflab bench counts them
    weights = [p for p in model.parameters() if p.dim() == 2]
    flops = 6 * args.batch * sum(w.numel() for w in weights) - 2 * args.batch * weights[0].numel()
    matmul = matmul_gflops(args.batch, args.width)
    rate = args.steps / seconds
    if args.json:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas(),
                          "steps_per_second": rate, "matmul_gflops": matmul, "flops_per_step": flops}))
        return
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {blas()}")
    print(f"  matmul [{args.batch} x {args.width}] @ [{args.width} x {args.width}], float32: {matmul:8.1f} GFLOP/s")
    print(f"  training step: {rate:.2f} steps/s, {flops * rate / 1e9:.1f} GFLOP/s"
          f" ({flops / 1e9:.2f} GFLOP per step) = {100 * flops * rate / 1e9 / matmul:.0f}% of the matmul rate")


if __name__ == "__main__":
    main()
