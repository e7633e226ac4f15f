"""PyTorch side of the sharpness benchmark (BENCHMARKS.md, "Sharpness"): Hutchinson's Tr(H) and lambda_max by Lanczos
on the MLP 784-500-500-500-10 (tanh, FlatLens's MSE (1/n) sum_i 1/2 ||f_i - y_i||^2), float64, by double backward.

Reads the weights, inputs, labels and first probe that `org.flatlens.bench.SharpnessBench` exported, so both sides
multiply the same Hessian (the printed vHv of that probe must agree), and times the same work: `probes` Hutchinson
products, and Lanczos with full reorthogonalisation for `steps` steps plus one product for the Ritz residual.
Full batch (chunk = samples): the gradient graph is built once and each product is one backward pass through it
(retain_graph), as PyHessian does; smaller chunks rebuild it per chunk and product (PyHessian's data-loader mode).

Usage: /usr/bin/python3 scripts/bench/sharpness_bench.py EXPORT.safetensors [probes] [steps] [chunk] [threads]
"""
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import safetensors_f64  # noqa: E402


def main():
    path = sys.argv[1]
    probes = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    chunk_arg = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    t = safetensors_f64.load(path)
    net = nn.Sequential(nn.Linear(784, 500), nn.Tanh(), nn.Linear(500, 500), nn.Tanh(), nn.Linear(500, 500), nn.Tanh(),
                        nn.Linear(500, 10))
    net.load_state_dict({k: v for k, v in t.items() if not k.startswith("__")})
    params = list(net.parameters())
    names = [n for n, _ in net.named_parameters()]
    x = t["__x"].reshape(t["__x"].shape[0], -1)
    y = torch.nn.functional.one_hot(t["__labels"].long(), 10).to(torch.float64)
    n = x.shape[0]
    chunk = chunk_arg if chunk_arg > 0 else n
    chunks = [(i, min(n, i + chunk)) for i in range(0, n, chunk)]
    print("torch %s, %d threads, %d parameters, %d samples in %d chunk(s)" % (
        torch.__version__, torch.get_num_threads(), sum(p.numel() for p in params), n, len(chunks)))

    def chunk_grads(a, b):
        f = net(x[a:b])
        loss = 0.5 * ((f - y[a:b]) ** 2).sum() / (b - a)
        return torch.autograd.grad(loss, params, create_graph=True)

    cached = chunk_grads(0, n) if len(chunks) == 1 else None

    def hvp(v):
        if cached is not None:
            return torch.autograd.grad(cached, params, grad_outputs=v, retain_graph=True)
        acc = [torch.zeros_like(p) for p in params]
        for a, b in chunks:
            hv = torch.autograd.grad(chunk_grads(a, b), params, grad_outputs=v)
            for s, h in zip(acc, hv):
                s.add_(h, alpha=(b - a) / n)
        return acc

    def dot(u, v):
        return sum((a * b).sum() for a, b in zip(u, v)).item()

    probe = [t["__probe." + k] for k in names]
    start = time.perf_counter()
    vhv = dot(probe, hvp(probe))
    print("first product: %.3f s, vHv = %.12e" % (time.perf_counter() - start, vhv))
    for _ in range(2):
        hvp(probe)

    gen = torch.Generator().manual_seed(3)
    start = time.perf_counter()
    samples = []
    for _ in range(probes):
        v = [torch.randint(0, 2, p.shape, generator=gen).to(torch.float64) * 2 - 1 for p in params]
        samples.append(dot(v, hvp(v)))
    seconds = time.perf_counter() - start
    s = torch.tensor(samples)
    print("hutchinson %d probes: %.2f s (%.3f s per product); Tr(H) = %.6g +- %.2g" % (
        probes, seconds, seconds / probes, s.mean().item(), (s.std() / probes ** 0.5).item()))

    start = time.perf_counter()
    lam, res = lanczos(hvp, params, steps, gen)
    print("lanczos %d steps (+1 residual product): %.2f s; lambda_max = %.10g, residual %.2g" % (
        steps, time.perf_counter() - start, lam, res))


def lanczos(hvp, params, steps, gen):
    """Lanczos with full reorthogonalisation on flat vectors, `steps` products, then one for the residual."""
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]

    def unflat(v):
        return [c.reshape(s) for c, s in zip(torch.split(v, sizes), shapes)]

    def flat(vs):
        return torch.cat([v.reshape(-1) for v in vs])

    q = torch.randn(sum(sizes), generator=gen)
    basis = [q / q.norm()]
    alpha, beta = [], []
    for j in range(steps):
        w = flat(hvp(unflat(basis[-1])))
        alpha.append(torch.dot(basis[-1], w).item())
        if j == steps - 1:
            break
        for _ in range(2):
            for b in basis:
                w -= torch.dot(b, w) * b
        beta.append(w.norm().item())
        basis.append(w / beta[-1])
    t = torch.diag(torch.tensor(alpha)) + torch.diag(torch.tensor(beta), 1) + torch.diag(torch.tensor(beta), -1)
    evals, evecs = torch.linalg.eigh(t)
    y = sum(c * b for c, b in zip(evecs[:, -1], basis))
    y = y / y.norm()
    r = flat(hvp(unflat(y))) - evals[-1] * y
    return evals[-1].item(), r.norm().item()


if __name__ == "__main__":
    main()
