"""PyTorch side of the compression benchmark (BENCHMARKS.md, "Gauss-Newton trace and compression measures").

Reads what `org.flatlens.bench.JacobianBench ARCH N SUBSET mse REPS EXPORT.safetensors` wrote (the weights, the inputs
__x and FlatLens's results __ref.*), and computes the same quantities, float64, MSE (g = f), three ways:

  paper      one forward per sample and one backward per (sample, output) w.r.t. every parameter and site input; Tr G
             and each site's singular values (as JacobianBench.perSampleWay); timed on SUBSET samples, extrapolated;
  paper-all  the same passes, then every quantity of "all" from each sample's own gradients and patches
             (compression_torch.paper_way_all); timed on SUBSET samples, extrapolated; --check-paper also runs it on
             every sample and compares its numbers with FlatLens's;
  batched    per chunk one forward and k backward passes of the whole chunk (retain_graph), gradients w.r.t. every
             site input h, site output z and per-row parameter use at once; per-sample weight-gradient norms from h and
             dL/dz (dense: rank one; token: P P^T; conv: unfold), singular values from the k x k Gram J J^T;
  functorch  the same data from vmap(jacrev) w.r.t. zero perturbations of every h, z and use, per sample.

For batched and functorch it times "all" (trace_ggn, per-layer traces, relative flatness, every site's mls, log_volume,
local_dim, jacobian_energy, rel_mls, norms, rho, weight norms, bound sides) and "ggn" (trace_ggn, per-layer traces,
relative flatness: what FlatLens's Ggn.compute does), and prints the largest relative difference from FlatLens's
numbers. The faster of batched and functorch is reported as "best batched".

Run from the repository root with the Python that has torch (Debian: /usr/bin/python3):
    OPENBLAS_NUM_THREADS=1 python3 scripts/bench/compression_bench.py EXPORT.safetensors --threads 1
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compression_torch as ct  # noqa: E402
import safetensors_f64  # noqa: E402


def blas_in_use():
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower()}
    return ", ".join(sorted(os.path.basename(p) for p in libs)) or "none loaded"


def metadata(path):
    import json
    import struct
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n)).get("__metadata__", {})


def run(way, model, p, x, chunk, spectra, seed=2):
    acc = ct.Accumulator()
    make = ct.batched_chunk if way == "batched" else ct.functorch_chunk
    for lo in range(0, x.shape[0], chunk):
        acc.add(make(model, p, x[lo:lo + chunk]), p, spectra)
    if not spectra:
        return acc.ggn()
    return acc.measures(p, torch.Generator().manual_seed(seed))


def timed(reps, body):
    """(median wall s, min wall s, median process CPU s) over reps calls."""
    times, cpu = [], []
    for _ in range(reps):
        start, c0 = time.perf_counter(), time.process_time()
        body()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), min(times), statistics.median(cpu)


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def compare(label, ref, sites, network, bounds):
    """Prints and returns the largest relative difference from FlatLens's exported numbers."""
    worst, where = 0.0, ""
    fields = ["mls", "log_volume", "local_dim", "jacobian_energy", "rel_mls", "norm", "rho", "spectral", "operator",
              "frobenius", "S_l", "kappa"]
    checks = [("trace_ggn", ref["__ref.trace_ggn"][0].item(), network[4])]
    for name, vals in sites.items():
        r = ref["__ref.site." + name].tolist()
        checks += [("%s.%s" % (name, f), a, b) for f, a, b in zip(fields, r, vals) if a == a]
    for i, f in enumerate(["nmls", "nvr", "harm", "harm_paper", "trace_ggn", "sum_S"]):
        checks.append(("network." + f, ref["__ref.network"][i].item(), network[i]))
    for key, (lhs, rhs) in bounds.items():
        r = ref["__ref.bound." + key].tolist()
        checks += [(key + ".lhs", r[0], lhs), (key + ".rhs", r[1], rhs)]
    for name, a, b in checks:
        d = rel(a, b)
        if d > worst:
            worst, where = d, "%s (FlatLens %.12g, torch %.12g)" % (name, a, b)
    print("%-9s agrees with FlatLens on %d numbers: max rel diff %.2e at %s" % (label, len(checks), worst, where))
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--subset", type=int, default=20, help="samples for the paper's way")
    ap.add_argument("--chunk", type=int, default=0, help="samples per chunk (0: by architecture)")
    ap.add_argument("--ways", default="paper,paper-all,batched,functorch")
    ap.add_argument("--check-paper", action="store_true", help="run paper-all on every sample and compare")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(torch.float64)
    ref = safetensors_f64.load(a.export)
    arch = metadata(a.export)["arch"]
    model = ct.MODELS[arch]
    p = {k: v for k, v in ref.items() if not k.startswith("__")}
    x = ref["__x"]
    n = x.shape[0]
    chunk = a.chunk or {"mlp": 1000, "lenet": 250, "vit": 100}[arch]
    print("torch %s, %d threads, OPENBLAS_NUM_THREADS=%s, BLAS: %s" % (
        torch.__version__, torch.get_num_threads(), os.environ.get("OPENBLAS_NUM_THREADS", "unset"), blas_in_use()))
    print("%s, %d samples, chunk %d, %d parameters" % (arch, n, chunk, sum(t.numel() for t in p.values())))
    ways = a.ways.split(",")
    best = {}
    with torch.no_grad():
        for way in ("batched", "functorch"):
            if way not in ways:
                continue
            sites, network, bounds = run(way, model, p, x, chunk, True)
            compare(way, ref, sites, network, bounds)
            trace, per = run(way, model, p, x, chunk, False)
            print("%-9s trace_ggn %.12g (ggn-only path: rel diff %.1e)" % (way, trace, rel(trace, network[4])))
            t_all = timed(a.reps, lambda: run(way, model, p, x, chunk, True))
            t_ggn = timed(a.reps, lambda: run(way, model, p, x, chunk, False))
            best[way] = (t_all, t_ggn)
            print("%-9s all measures + bounds: %.3f s (min %.3f, CPU %.3f); ggn only: %.3f s (min %.3f, CPU %.3f)" % (
                way, t_all[0], t_all[1], t_all[2], t_ggn[0], t_ggn[1], t_ggn[2]))
    if "paper" in ways:
        sub = x[:a.subset]
        ct.paper_way(model, p, sub[:1])
        t = timed(a.reps, lambda: ct.paper_way(model, p, sub))
        print("paper     %d samples: %.3f s (min %.3f, CPU %.3f); extrapolated to %d: %.2f s (CPU %.2f s)" % (
            a.subset, t[0], t[1], t[2], n, t[0] * n / a.subset, t[2] * n / a.subset))
    if "paper-all" in ways:
        # per-sample work on the subset, extrapolated; the weight norms and reductions (once per run) timed once
        sub = x[:a.subset]
        gen = lambda: torch.Generator().manual_seed(2)  # noqa: E731
        ct.paper_way_all(model, p, sub[:1]).measures(p, gen())
        if a.check_paper:
            compare("paper-all", ref, *ct.paper_way_all(model, p, x).measures(p, gen()))
        t = timed(a.reps, lambda: ct.paper_way_all(model, p, sub))
        acc = ct.paper_way_all(model, p, sub)
        once = timed(a.reps, lambda: acc.measures(p, gen()))
        print("paper-all %d samples: %.3f s (min %.3f, CPU %.3f) + %.3f s once; extrapolated to %d: %.2f s (CPU %.2f s)"
              % (a.subset, t[0], t[1], t[2], once[0], n, t[0] * n / a.subset + once[0],
                 t[2] * n / a.subset + once[2]))
    if best:
        way = min(best, key=lambda w: best[w][0][0])
        ggn = min(best, key=lambda w: best[w][1][0])
        print("best batched: all %s %.3f s; ggn only %s %.3f s" % (way, best[way][0][0], ggn, best[ggn][1][0]))


if __name__ == "__main__":
    main()
