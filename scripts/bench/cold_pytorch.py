"""The PyTorch side of the cold-start comparison (BENCHMARKS.md, "Cold start"; driven by scripts/bench/cold_start.sh).

Does, in one fresh Python process, the analysis that `./flatlens measure` does by default, in PyTorch's best batched
way, float64, MSE loss (FlatLens's 1/2 sum_c (f_c - y_c)^2 per sample, averaged):

  data       the first N samples of the FashionMNIST training split restricted to --classes (pixel/255, class c_j ->
             label j), read from FlatLens's data cache ($FLATLENS_DATA or ~/.cache/flatlens/data);
  weights    a FlatLens checkpoint (model.safetensors: float64, PyTorch state-dict names), run through the functional
             models of compression_torch.py (the same math as scripts/fixtures/make_model_fixtures.py);
  loss       one forward pass;
  compression  every site's mls, log_volume, local_dim, energies, norms, weight norms, kappa^G, trace_ggn and the bound
             sides (compression_torch.batched_chunk + Accumulator.measures: one forward and k backward passes per
             chunk), plus local_dim_mc / mls_mc at the input site from --mc-draws Gaussian-ball forwards per sample;
  Hessian    every product H v over all N samples at once: the gradient graph is built once (create_graph) and each
             product is a backward pass through it (retain_graph), as PyHessian does; independent probes go through
             torch.autograd.grad(is_grads_batched=True) --probe-batch at a time (vmap over the cotangents; 0 = a loop,
             which is faster on a CPU for these models, see --help of cold_start.sh);
  trace_hessian   Hutch++ with --probes products (k = m/3 sketch, k for Q^T H Q, the rest Hutchinson on the deflation);
  top_eigenvalues Lanczos with full reorthogonalisation, --lanczos-steps products, plus --top-k for the residuals;
  relative_flatness  per linear layer (convolutions, dense and token layers) Hutchinson on v = W_mat Z, Z Rademacher
             fan_in x fan_in, --flatness-probes products each;
  adaptive_trace  Hutchinson on D v, D = diag|theta|, --probes products;
  avg_sharpness   --avg-samples antithetic pairs delta = rho |theta| xi, two loss evaluations each, plus the base loss.

The estimates use torch's random numbers, not FlatLens's, so stochastic values agree only within their standard
errors; the deterministic ones (loss, trace_ggn, the compression measures) agree to rounding and are printed for the
check. Timings of each stage go to standard error; cold_start.sh times the whole process from outside (Python start-up
and `import torch` included).

Usage: /usr/bin/python3 scripts/bench/cold_pytorch.py WEIGHTS.safetensors ARCH [options]   (ARCH: lenet, vit, mlp)
"""
import argparse
import os
import sys
import time

T0 = time.perf_counter()
import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compression_torch as ct  # noqa: E402
import safetensors_f64  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - T0


def loaded_blas():
    """The BLAS library this process has mapped (Linux /proc/self/maps), resolved through its symbolic links."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and "/" in line}
    except OSError:
        return None
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or None


def stage(name, start):
    now = time.perf_counter()
    print("  %-22s %7.2f s" % (name, now - start), file=sys.stderr, flush=True)
    return now


def load_idx(data_dir, split, classes, n):
    """First n samples of the split whose label is in classes, [n, 1, 28, 28] float64 pixel/255, labels remapped."""
    prefix = "train" if split == "train" else "t10k"
    with open(os.path.join(data_dir, prefix + "-labels-idx1-ubyte"), "rb") as f:
        labels = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()
    with open(os.path.join(data_dir, prefix + "-images-idx3-ubyte"), "rb") as f:
        raw = f.read()
    images = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(-1, 1, 28, 28)
    keep = torch.zeros_like(labels, dtype=torch.bool)
    remap = torch.full((10,), -1, dtype=torch.long)
    for j, c in enumerate(classes):
        keep |= labels == c
        remap[c] = j
    rows = keep.nonzero().flatten()[:n]
    return images[rows].to(torch.float64) / 255.0, remap[labels[rows]]


class Hessian:
    """H v on all samples: one gradient graph (create_graph), a backward pass through it per product."""

    def __init__(self, model, p, x, onehot, probe_batch):
        self.names = list(p)
        self.params = [p[k].detach().clone().requires_grad_(True) for k in self.names]
        self.shapes = [t.shape for t in self.params]
        self.sizes = [t.numel() for t in self.params]
        self.model, self.x, self.y, self.probe_batch = model, x, onehot, probe_batch
        self.products = 0
        f = model(dict(zip(self.names, self.params)), x, ct.Recorder("plain"))
        self.loss = 0.5 * ((f - onehot) ** 2).sum() / x.shape[0]
        self.grads = torch.autograd.grad(self.loss, self.params, create_graph=True)

    def theta(self):
        return torch.cat([t.detach().reshape(-1) for t in self.params])

    def unflat(self, v, lead=()):
        return [c.reshape(lead + tuple(s)) for c, s in zip(torch.split(v, self.sizes, dim=-1), self.shapes)]

    def apply(self, v):
        """H v for a flat v [P]."""
        self.products += 1
        hv = torch.autograd.grad(self.grads, self.params, self.unflat(v), retain_graph=True)
        return torch.cat([h.reshape(-1) for h in hv])

    def apply_many(self, vs):
        """H v for each row of vs [B, P] (batched through vmap when probe_batch > 0)."""
        if self.probe_batch <= 0:
            return torch.stack([self.apply(v) for v in vs])
        out = []
        for lo in range(0, vs.shape[0], self.probe_batch):
            block = vs[lo:lo + self.probe_batch]
            self.products += block.shape[0]
            hv = torch.autograd.grad(self.grads, self.params, self.unflat(block, (block.shape[0],)),
                                     retain_graph=True, is_grads_batched=True)
            out.append(torch.cat([h.reshape(block.shape[0], -1) for h in hv], dim=1))
        return torch.cat(out)

    def loss_at(self, theta):
        with torch.no_grad():
            f = self.model(dict(zip(self.names, self.unflat(theta))), self.x, ct.Recorder("plain"))
            return (0.5 * ((f - self.y) ** 2).sum() / self.x.shape[0]).item()


def rademacher(shape, gen):
    return torch.randint(0, 2, shape, generator=gen).to(torch.float64) * 2 - 1


def mean_stderr(samples):
    s = torch.as_tensor(samples)
    return s.mean().item(), (s.std() / s.numel() ** 0.5).item()


def hutch_plus_plus(h, m, gen):
    dim = sum(h.sizes)
    k = m // 3
    sketch = h.apply_many(rademacher((k, dim), gen))
    q, _ = torch.linalg.qr(sketch.T)
    exact = (q.T * h.apply_many(q.T)).sum().item()
    g = rademacher((m - 2 * k, dim), gen)
    g = g - (g @ q) @ q.T
    return exact + mean_stderr((g * h.apply_many(g)).sum(1))[0]


def lanczos(h, steps, top_k, gen):
    dim = sum(h.sizes)
    q = torch.randn(dim, generator=gen, dtype=torch.float64)
    basis, alpha, beta = [q / q.norm()], [], []
    for j in range(steps):
        w = h.apply(basis[-1])
        alpha.append(torch.dot(basis[-1], w).item())
        if j == steps - 1:
            break
        b = torch.stack(basis)
        for _ in range(2):
            w = w - b.T @ (b @ w)
        beta.append(w.norm().item())
        basis.append(w / beta[-1])
    t = torch.diag(torch.tensor(alpha)) + torch.diag(torch.tensor(beta), 1) + torch.diag(torch.tensor(beta), -1)
    evals, evecs = torch.linalg.eigh(t)
    ritz = (evecs[:, -top_k:].T @ torch.stack(basis)).flip(0)
    theta = evals[-top_k:].flip(0)
    residuals = (h.apply_many(ritz) - theta[:, None] * ritz).norm(dim=1)
    return theta.tolist(), residuals.tolist()


def linear_layers(p):
    """(name, weight key) of every linear layer (conv, dense, token), in the state dict's order."""
    return [k[:-len(".weight")] for k, v in p.items()
            if k.endswith(".weight") and v.dim() in (2, 4) and k[:-len(".weight")] + ".bias" in p]


def relative_flatness(h, layer, probes, gen):
    idx = h.names.index(layer + ".weight")
    w = h.params[idx].detach()
    wmat = w.reshape(w.shape[0], -1)
    fan_in = wmat.shape[1]
    offset = sum(h.sizes[:idx])
    vs = torch.zeros(probes, sum(h.sizes))
    for i in range(probes):
        vs[i, offset:offset + w.numel()] = (wmat @ rademacher((fan_in, fan_in), gen)).reshape(-1)
    return mean_stderr((vs * h.apply_many(vs)).sum(1))


def monte_carlo(model, p, x, draws, eps, gen):
    """local_dim_mc and mls_mc at the input site (MSE: g = f), AM over samples."""
    n, per = x.shape[0], max(1, 1024 // draws)
    local, mls = [], []
    with torch.no_grad():
        for lo in range(0, n, per):
            xs = x[lo:lo + per]
            b = xs.shape[0]
            noisy = xs[:, None] + eps * torch.randn((b, draws) + tuple(xs.shape[1:]), generator=gen)
            f = model(p, noisy.reshape((b * draws,) + tuple(xs.shape[1:])), ct.Recorder("plain")).reshape(b, draws, -1)
            c = f - f.mean(1, keepdim=True)
            cov = c.transpose(1, 2) @ c / (draws - 1)
            tr = torch.diagonal(cov, dim1=1, dim2=2).sum(1)
            tr2 = (cov * cov.transpose(1, 2)).sum((1, 2))
            local.append(torch.where(tr2 > 0, tr * tr / tr2, torch.zeros_like(tr)))
            mls.append(tr2.sqrt() / eps ** 2)
    return torch.cat(local).mean().item(), torch.cat(mls).mean().item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("weights")
    ap.add_argument("arch", choices=sorted(ct.MODELS))
    ap.add_argument("--classes", default="0,1")
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--probes", type=int, default=100)
    # FlatLens's default (MeasureCommand.DEFAULT_FLATNESS_PROBES); it was --probes until issue 20.
    ap.add_argument("--flatness-probes", type=int, default=10)
    ap.add_argument("--top-k", type=int, default=5)
    ap.add_argument("--lanczos-steps", type=int, default=None, help="default: max(30, 2 top-k)")
    ap.add_argument("--avg-samples", type=int, default=None, help="default: --probes")
    ap.add_argument("--rho", type=float, default=0.01)
    ap.add_argument("--mc-draws", type=int, default=32)
    ap.add_argument("--mc-epsilon", type=float, default=1e-2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--probe-batch", type=int, default=0, help="products per vmap'd backward (0: a loop)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    flat_probes = a.flatness_probes
    steps = a.lanczos_steps or max(30, 2 * a.top_k)
    avg_samples = a.avg_samples or a.probes
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(torch.float64)
    gen = torch.Generator().manual_seed(a.seed)
    start = time.perf_counter()
    print("torch %s, %d threads; python start-up to here incl. import torch: see the wall time; import %.2f s"
          % (torch.__version__, torch.get_num_threads(), IMPORT_SECONDS), file=sys.stderr)
    blas = loaded_blas()
    print("BLAS in use: %s" % (blas or "unknown"), file=sys.stderr)
    if blas and "openblas" not in blas:
        # Debian's python3-torch links libblas.so.3, which is the slow reference BLAS unless an optimised one
        # (apt-get install libopenblas0-pthread) provides it; timings would then flatter FlatLens.
        print("warning: PyTorch runs on the reference BLAS; install libopenblas0-pthread for a fair comparison",
              file=sys.stderr)

    classes = [int(c) for c in a.classes.split(",")]
    data_dir = os.path.join(os.environ.get("FLATLENS_DATA") or os.path.expanduser("~/.cache/flatlens/data"),
                            "fashion-mnist")
    x, labels = load_idx(data_dir, "train", classes, a.samples)
    p = {k: v for k, v in safetensors_f64.load(a.weights).items() if not k.startswith("__")}
    model = ct.MODELS[a.arch]
    onehot = torch.nn.functional.one_hot(labels, len(classes)).to(torch.float64)
    start = stage("load data + weights", start)

    h = Hessian(model, p, x, onehot, a.probe_batch)
    start = stage("loss + gradient graph", start)

    with torch.no_grad():
        acc = ct.Accumulator()
        chunk = {"mlp": 1000, "lenet": 250, "vit": 100}[a.arch]
        for lo in range(0, x.shape[0], chunk):
            acc.add(ct.batched_chunk(model, p, x[lo:lo + chunk]), p, True)
        sites, network, _ = acc.measures(p, torch.Generator().manual_seed(a.seed + 1))
    mc = monte_carlo(model, p, x, a.mc_draws, a.mc_epsilon, gen) if a.mc_draws > 0 else (float("nan"),) * 2
    start = stage("compression + bounds", start)

    trace = hutch_plus_plus(h, a.probes, gen)
    start = stage("trace_hessian", start)
    top, residuals = lanczos(h, steps, a.top_k, gen)
    start = stage("top_eigenvalues", start)
    flatness = {layer: relative_flatness(h, layer, flat_probes, gen) for layer in linear_layers(p)}
    start = stage("relative_flatness", start)
    theta = h.theta()
    g = rademacher((a.probes, theta.numel()), gen) * theta.abs()
    adaptive = mean_stderr((g * h.apply_many(g)).sum(1))[0]
    start = stage("adaptive_trace", start)
    base = h.loss_at(theta)
    avg = []
    for _ in range(avg_samples):
        delta = a.rho * theta.abs() * torch.randn(theta.numel(), generator=gen)
        avg.append(0.5 * (h.loss_at(theta + delta) + h.loss_at(theta - delta)) - base)
    avg_mean = mean_stderr(avg)[0]
    stage("avg_sharpness", start)

    print("%s: %d samples, %d parameters, %d Hessian-vector products" % (
        a.arch, x.shape[0], theta.numel(), h.products))
    print("loss %.12g  trace_ggn %.12g  input mls %.12g  log_volume %.12g  local_dim_mc %.6g  mls_mc %.6g" % (
        h.loss.item(), network[4], sites["input"][0], sites["input"][1], mc[0], mc[1]))
    print("trace_hessian %.6g  lambda_max %.6g (residual %.2g)  adaptive_trace %.6g  avg_sharpness %.6g" % (
        trace, top[0], residuals[0], adaptive, avg_mean))
    print("relative_flatness " + "  ".join("%s %.4g±%.2g" % (k, m, s) for k, (m, s) in flatness.items()))


if __name__ == "__main__":
    main()
