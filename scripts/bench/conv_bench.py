"""Convolution forward and backward in PyTorch (float64) for the shapes of FlatLens's ConvBench (BENCHMARKS.md).

Run from the repository root with the Python that has torch (Debian: /usr/bin/python3):
    python3 scripts/bench/conv_bench.py [--threads 2]
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

CASES = [("lenet conv1", 128, 1, 6, 28, 5, 1, 2), ("lenet conv2", 128, 6, 16, 14, 5, 1, 0),
         ("vgg features.0", 128, 3, 16, 32, 3, 1, 2), ("vgg features.3", 128, 16, 16, 17, 3, 1, 2),
         ("vit patch_embed", 64, 1, 64, 28, 7, 7, 0)]


def median_ms(fn, reps=7, warmup=2):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, float64")
    print(f"{'case':<16} {'forward':>12} {'input grad':>12} {'weight grad':>12}   (median ms)")
    for name, n, c, o, side, k, s, p in CASES:
        x = torch.randn(n, c, side, side, dtype=torch.float64)
        w = torch.randn(o, c, k, k, dtype=torch.float64)
        y = F.conv2d(x, w, stride=s, padding=p)
        g = torch.randn_like(y)
        fwd = median_ms(lambda: F.conv2d(x, w, stride=s, padding=p))
        dx = median_ms(lambda: torch.nn.grad.conv2d_input(x.shape, w, g, stride=s, padding=p))
        dw = median_ms(lambda: torch.nn.grad.conv2d_weight(x, w.shape, g, stride=s, padding=p))
        print(f"{name:<16} {fwd:12.2f} {dx:12.2f} {dw:12.2f}")


if __name__ == "__main__":
    main()
