"""Training throughput in PyTorch for the configurations of FlatLens's TrainThroughputBench (BENCHMARKS.md).

Full SGD steps (forward, FlatLens's MSE = 1/2-sum per sample averaged over the batch, backward, update) on random
inputs, float64 and float32, with the same models as the test fixtures (scripts/fixtures/make_model_fixtures.py).
Prints samples per second (median over repetitions) and which BLAS torch was built with and loads.

Run from the repository root with the Python that has torch (Debian: /usr/bin/python3):
    python3 scripts/bench/train_throughput.py [--threads 2] [--dtype float64|float32|both]
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from make_model_fixtures import LeNet, Mlp, Vgg, Vit  # noqa: E402

CONFIGS = [
    ("mlp b8", lambda: Mlp(784, [500, 500, 500], 10), (1, 28, 28), 8),
    ("mlp b128", lambda: Mlp(784, [500, 500, 500], 10), (1, 28, 28), 128),
    ("lenet b128", lambda: LeNet(1, 28, 28, 10), (1, 28, 28), 128),
    ("vgg b128", lambda: Vgg(3, 32, 32, 10, 1.0), (3, 32, 32), 128),
    ("vit b64", lambda: Vit(1, 28, 28, 10, 7, 64, 4, 4, 2.0), (1, 28, 28), 64),
]


def blas_in_use():
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower()}
    return ", ".join(sorted(os.path.basename(p) for p in libs)) or "none loaded"


def bench(make, shape, batch, dtype, reps=5):
    torch.manual_seed(1)
    model = make().to(dtype)
    x = torch.rand(batch, *shape, dtype=dtype)
    y = torch.nn.functional.one_hot(torch.randint(0, 10, (batch,)), 10).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    steps = 100 if batch <= 8 else 10

    def run():
        for _ in range(steps):
            opt.zero_grad()
            loss = 0.5 * ((model(x) - y) ** 2).sum() / batch
            loss.backward()
            opt.step()

    run()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) / steps)
    return batch / statistics.median(times), statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", default="both", choices=["float64", "float32", "both"])
    ap.add_argument("--only", default=None, help="comma-separated config prefixes, e.g. mlp,lenet")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dtypes = [torch.float64, torch.float32] if args.dtype == "both" else [getattr(torch, args.dtype)]
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name, make, shape, batch in CONFIGS:
        if args.only and name.split()[0] not in args.only.split(","):
            continue
        for dt in dtypes:
            sps, step = bench(make, shape, batch, dt)
            print(f"{name:<11} {str(dt).replace('torch.', ''):<8} {sps:9.1f} samples/s  ({step * 1e3:.2f} ms/step)")
    print(f"BLAS libraries mapped: {blas_in_use()}")


if __name__ == "__main__":
    main()
