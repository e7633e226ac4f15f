"""PyTorch implementations of FlatLens's per-sample Jacobian quantities (THEORY.md sections 1-5, MSE so g = f), used by
compression_bench.py. Three ways to get the per-sample data, one way to turn it into measures:

* functional forwards of the benchmark models (mlp, lenet, vit with FlatLens's default options; the same math as
  scripts/fixtures/make_model_fixtures.py) that report every representation site through a recorder `rec`:
  `rec.site_in` (the input h of a linear layer, as seen by that layer only), `rec.site_out` (its pre-activation z) and
  `rec.use` (a per-row use of a parameter that belongs to no linear layer: LayerNorm affine, cls_token, pos_embed);
* `batched_chunk`: one forward over the chunk, k backward passes with one-hot cotangents (retain_graph), gradients
  with respect to every h, z and use at once: row i of pass c is d f_{i,c} / d(.) because no layer mixes samples;
* `functorch_chunk`: vmap over samples of jacrev with respect to zero perturbations added to every h, z and use;
* `site_terms` / `Accumulator`: per-sample weight-gradient norms from h and delta = d f_c / dz (dense: rank one;
  token: Gram K = P P^T; conv: im2col patches by unfold), singular values of each site Jacobian from its k x k Gram
  matrix, and the aggregates and bound sides FlatLens reports.
"""
import math

import torch
import torch.nn.functional as F

EPS = 2.0 ** -52


# ----------------------------------------------------------------------------------------------------------- models
class Recorder:
    """mode 'plain': identity; 'record': keeps the tensors (for autograd.grad); 'perturb': adds eps[key]."""

    def __init__(self, mode, eps=None):
        self.mode, self.eps = mode, eps
        self.sites, self.h, self.z, self.uses, self.u = [], {}, {}, [], {}

    def _tap(self, key, t):
        if self.mode == "perturb":
            return t + self.eps[key]
        if self.mode == "record" and not t.requires_grad:
            t = t.detach().requires_grad_(True)
        return t

    def site_in(self, name, kind, h, geometry=None):
        self.sites.append((name, kind, geometry))
        self.h[name] = h = self._tap("in:" + name, h)
        return h

    def site_out(self, name, z):
        self.z[name] = z = self._tap("out:" + name, z)
        return z

    def use(self, name, p, shape):
        t = p.expand(shape)
        if self.mode == "record":
            t = t.clone()  # a node of its own, so autograd.grad gives the per-row gradient
        key = "use:%s#%d" % (name, len(self.uses))
        self.uses.append((key, name))
        self.u[key] = t = self._tap(key, t)
        return t


def linear(rec, p, name, h, kind="dense"):
    h = rec.site_in(name, kind, h)
    return rec.site_out(name, F.linear(h, p[name + ".weight"], p[name + ".bias"]))


def conv(rec, p, name, h, stride, padding):
    w = p[name + ".weight"]
    h = rec.site_in(name, "conv", h, (w.shape[-1], stride, padding))
    return rec.site_out(name, F.conv2d(h, w, p[name + ".bias"], stride=stride, padding=padding))


def mlp(p, x, rec):
    h = x.flatten(1)
    for i, name in enumerate(("0", "2", "4", "6")):
        h = linear(rec, p, name, h)
        if i < 3:
            h = torch.tanh(h)
    return h


def lenet(p, x, rec):
    h = F.max_pool2d(torch.relu(conv(rec, p, "conv1", x, 1, 2)), 2)
    h = F.max_pool2d(torch.relu(conv(rec, p, "conv2", h, 1, 0)), 2).flatten(1)
    h = torch.relu(linear(rec, p, "fc1", h))
    h = torch.relu(linear(rec, p, "fc2", h))
    return linear(rec, p, "fc3", h)


VIT_DEPTH, VIT_HEADS, VIT_PATCH = 4, 4, 7


def layer_norm(rec, p, name, x):
    y = F.layer_norm(x, x.shape[-1:], eps=1e-6)
    return y * rec.use(name + ".weight", p[name + ".weight"], x.shape) + rec.use(name + ".bias", p[name + ".bias"],
                                                                                   x.shape)


def vit(p, x, rec):
    n = x.shape[0]
    t = conv(rec, p, "patch_embed.proj", x, VIT_PATCH, 0).flatten(2).transpose(1, 2)
    d = t.shape[2]
    t = torch.cat([rec.use("cls_token", p["cls_token"], (n, 1, d)), t], dim=1)
    t = t + rec.use("pos_embed", p["pos_embed"], t.shape)
    for b in range(VIT_DEPTH):
        pre = "blocks.%d." % b
        u = layer_norm(rec, p, pre + "norm1", t)
        s = u.shape[1]
        qkv = linear(rec, p, pre + "attn.qkv", u, "token").reshape(n, s, 3, VIT_HEADS, d // VIT_HEADS)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        a = torch.softmax((q @ k.transpose(-2, -1)) * (d // VIT_HEADS) ** -0.5, dim=-1)
        t = t + linear(rec, p, pre + "attn.proj", (a @ v).transpose(1, 2).reshape(n, s, d), "token")
        u = F.gelu(linear(rec, p, pre + "mlp.fc1", layer_norm(rec, p, pre + "norm2", t), "token"))
        t = t + linear(rec, p, pre + "mlp.fc2", u, "token")
    return linear(rec, p, "head", layer_norm(rec, p, "norm", t)[:, 0])


MODELS = {"mlp": mlp, "lenet": lenet, "vit": vit}


# ------------------------------------------------------------------------------------------- per-sample raw data
class Chunk:
    """logits [n, k]; per site (name, kind, geometry, h [n, ...], J [n, k, ...], delta [n, k, ...]); per parameter
    without a site its per-sample per-output gradient [n, k, numel]."""

    def __init__(self, logits, sites, uses):
        self.logits, self.sites, self.uses = logits, sites, uses


def _param_grads(p, rec, grads):
    out = {}
    for (key, name) in rec.uses:
        g = grads[key]
        n, k = g.shape[:2]
        g = g.reshape(n, k, -1, p[name].numel()).sum(2)
        out[name] = out[name] + g if name in out else g
    return out


def batched_chunk(model, p, x):
    """One forward, k backward passes of the whole chunk, gradients w.r.t. every h, z and parameter use at once."""
    rec = Recorder("record")
    with torch.enable_grad():
        f = model(p, x, rec)
        n, k = f.shape
        names = [s[0] for s in rec.sites]
        keys = [key for key, _ in rec.uses]
        wrt = [rec.h[s] for s in names] + [rec.z[s] for s in names] + [rec.u[key] for key in keys]
        per_pass = []
        for c in range(k):
            cot = torch.zeros_like(f)
            cot[:, c] = 1
            per_pass.append(torch.autograd.grad(f, wrt, cot, retain_graph=c < k - 1))
    grads = [torch.stack([g[j] for g in per_pass], dim=1) for j in range(len(wrt))]
    m = len(names)
    sites = [(name, kind, geo, rec.h[name].detach(), grads[l], grads[m + l])
             for l, (name, kind, geo) in enumerate(rec.sites)]
    return Chunk(f.detach(), sites, _param_grads(p, rec, dict(zip(keys, grads[2 * m:]))))


def functorch_chunk(model, p, x):
    """vmap over samples of jacrev w.r.t. zero perturbations of every h, z and parameter use (k cotangents each)."""
    from functorch import jacrev, vmap
    probe = Recorder("record")
    model(p, x[:1], probe)
    eps = {}
    for name, _, _ in probe.sites:
        eps["in:" + name] = torch.zeros(probe.h[name].shape)
        eps["out:" + name] = torch.zeros(probe.z[name].shape)
    for key, _ in probe.uses:
        eps[key] = torch.zeros(probe.u[key].shape)

    def single(e, xi):
        rec = Recorder("perturb", e)
        f = model(p, xi.unsqueeze(0), rec).squeeze(0)
        return f, {name: rec.h[name] for name, _, _ in rec.sites}

    jac, hs = vmap(jacrev(single, has_aux=True), in_dims=(None, 0))(eps, x)
    sites = []
    for name, kind, geo in probe.sites:
        j = jac["in:" + name].squeeze(2)
        dz = jac["out:" + name].squeeze(2)
        sites.append((name, kind, geo, hs[name].squeeze(1), j, dz))
    return Chunk(None, sites, _param_grads(p, probe, {key: jac[key].squeeze(2) for key, _ in probe.uses}))


# -------------------------------------------------------------------------------------- per-sample terms of a site
def _gram_route_is_cheaper(kind, k, l, f, o):
    """FlatLens's multiply-add count (PerSampleGradients.gramRouteIsCheaper): K = P P^T route against explicit D_c."""
    patch_grad = k * l * o * f if kind == "conv" else 0
    gram = l * l * f + k * l * l * (o + f) + k * k * l * f + patch_grad
    rel = o * o * f * (k + 1.0) + k * k * o * f if o <= f else k * f * f * o + k * k * f * f
    return gram <= k * l * o * f + rel


def site_terms(kind, geo, h, jac, delta, w, spectra=True):
    """Per-sample terms of one site for a chunk: dict of [n] tensors gradSq, biasSq, kappa, normSq and, with spectra,
    sigma [n, min(k, dim h)] (descending, from eigvalsh of J J^T), energy, relMls, rhoSq."""
    n, k = jac.shape[:2]
    normsq = h.reshape(n, -1).pow(2).sum(1)
    jf = jac.reshape(n, k, -1)
    out = {"normSq": normsq}
    if kind == "dense":
        dsq = delta.pow(2).sum(2)
        out["gradSq"] = (dsq * normsq[:, None]).sum(1)
        out["biasSq"] = dsq.sum(1)
        gram = jf @ jf.transpose(1, 2)
        m = normsq[:, None, None] * gram
        rho = normsq
    else:
        if kind == "token":
            pt = h                                                     # P [n, L, F]
            dl = delta                                                 # Delta [n, k, L, O]
            wm = w
        else:
            kk, stride, pad = geo
            pt = F.unfold(h, kk, padding=pad, stride=stride).transpose(1, 2)   # [n, L, F]
            dl = delta.reshape(n, k, delta.shape[2], -1).transpose(2, 3)        # [n, k, L, O]
            wm = w.reshape(w.shape[0], -1)
        l, f = pt.shape[1], pt.shape[2]
        o = dl.shape[3]
        out["biasSq"] = dl.sum(2).pow(2).sum((1, 2))
        kmat = None
        if _gram_route_is_cheaper(kind, k, l, f, o):
            kmat = pt @ pt.transpose(1, 2)                             # [n, L, L]
            kd = kmat[:, None] @ dl
            out["gradSq"] = (kd * dl).sum((1, 2, 3))
            u = jac.reshape(n, k, l, f) if kind == "token" else dl @ wm   # U_c = Delta_c W [n, k, L, F]
            ku = (kmat[:, None] @ u).reshape(n, k, -1)
            m = ku @ u.reshape(n, k, -1).transpose(1, 2)
        else:
            d = dl.transpose(2, 3) @ pt[:, None]                       # D_c = Delta_c^T P [n, k, O, F]
            out["gradSq"] = d.pow(2).sum((1, 2, 3))
            if o <= f:
                qd = (wm @ wm.T) @ d
                m = qd.reshape(n, k, -1) @ d.reshape(n, k, -1).transpose(1, 2)
            else:
                a = (wm.T @ d).reshape(n, k, -1)
                m = a @ a.transpose(1, 2)
        if spectra:
            if l > f:
                rho = torch.zeros(n)
            else:
                kmat = kmat if kmat is not None else pt @ pt.transpose(1, 2)
                rho = torch.linalg.eigvalsh(kmat)[:, 0].clamp(min=0)
        gram = jf @ jf.transpose(1, 2) if spectra else None
    out["kappa"] = torch.diagonal(m, dim1=1, dim2=2).sum(1)
    if spectra:
        ev = torch.linalg.eigvalsh(gram).flip(1).clamp(min=0)
        r = min(k, jf.shape[2])
        out["sigma"] = ev[:, :r].sqrt()
        out["energy"] = torch.diagonal(gram, dim1=1, dim2=2).sum(1)
        out["relMls"] = torch.linalg.eigvalsh(m)[:, -1].clamp(min=0).sqrt()
        out["rhoSq"] = rho
    return out


# --------------------------------------------------------------------------------------------- operator norms
def conv_operator_norm(w, stride, pad, in_shape, gen, tol=1e-10):
    """||T(W)||_2 on one sample's input shape: Lanczos with full reorthogonalisation on T^T T, the Krylov dimension
    doubling from 32 until the top Ritz pair's relative residual is below tol (as FlatLens's OperatorNorms)."""
    shape = (1,) + tuple(in_shape)
    dim = math.prod(in_shape)

    def normal(v):
        y = F.conv2d(v.reshape(shape), w, stride=stride, padding=pad)
        out_pad = [in_shape[i + 1] - ((y.shape[i + 2] - 1) * stride - 2 * pad + w.shape[-1]) for i in range(2)]
        return F.conv_transpose2d(y, w, stride=stride, padding=pad, output_padding=tuple(out_pad)).reshape(-1)

    steps = min(32, dim)
    while True:
        q = torch.randn(dim, generator=gen)
        basis, alpha, beta = [q / q.norm()], [], []
        for j in range(steps):
            wv = normal(basis[-1])
            alpha.append(torch.dot(basis[-1], wv).item())
            for _ in range(2):
                for b in basis:
                    wv = wv - torch.dot(b, wv) * b
            if j == steps - 1 or wv.norm() < 1e-300:
                break
            beta.append(wv.norm().item())
            basis.append(wv / beta[-1])
        t = torch.diag(torch.tensor(alpha)) + torch.diag(torch.tensor(beta), 1) + torch.diag(torch.tensor(beta), -1)
        ev, vec = torch.linalg.eigh(t)
        y = sum(c * b for c, b in zip(vec[:, -1], basis))
        res = (normal(y) - ev[-1] * y).norm().item() / ev[-1].item()
        if res <= tol or steps >= dim or steps >= 1024:
            return math.sqrt(max(ev[-1].item(), 0.0))
        steps = min(2 * steps, dim)


def weight_norms(kind, geo, w, in_shape, positions, gen):
    """(spectral, operator, frobenius, paper norm) as FlatLens's WeightNorms."""
    wm = w.reshape(w.shape[0], -1)
    spectral = torch.linalg.matrix_norm(wm, ord=2).item()
    fro = wm.norm().item()
    if kind != "conv":
        return spectral, spectral, fro, spectral
    return spectral, conv_operator_norm(w, geo[1], geo[2], in_shape, gen), fro, math.sqrt(positions) * fro


# ------------------------------------------------------------------------------------------------ accumulation
class Accumulator:
    """Collects the per-sample terms of every chunk (in sample order) and reduces them as FlatLens does."""

    def __init__(self):
        self.sites, self.terms, self.params, self.k = None, {}, {}, 0

    def add(self, chunk, p, spectra=True):
        if self.sites is None:
            self.sites = [(name, kind, geo, tuple(h.shape[1:]), tuple(dz.shape[2:]))
                          for name, kind, geo, h, _, dz in chunk.sites]
        for name, kind, geo, h, jac, dz in chunk.sites:
            self.k = jac.shape[1]
            t = site_terms(kind, geo, h, jac, dz, p[name + ".weight"], spectra)
            for key, v in t.items():
                self.terms.setdefault(name, {}).setdefault(key, []).append(v)
        for name, g in chunk.uses.items():
            self.params.setdefault(name, []).append(g.pow(2).sum((1, 2)))

    def ggn(self):
        """Tr G and every parameter's share, AM over samples."""
        per = {}
        for name, _, _, _, _ in self.sites:
            t = self.terms[name]
            per[name + ".weight"] = torch.cat(t["gradSq"]).mean().item()
            per[name + ".bias"] = torch.cat(t["biasSq"]).mean().item()
        for name, v in self.params.items():
            per[name] = torch.cat(v).mean().item()
        return sum(per.values()), per

    def measures(self, p, gen):
        """Per site the 12 numbers of FlatLens's export (__ref.site.*), the network's 6 (__ref.network) and a set of
        bound sides {"site|name": (lhs, rhs)}; every site's weight norms computed here (Lanczos for convolutions)."""
        trace, _ = self.ggn()
        k = self.k
        sites, bounds = {}, {}
        nmls = harm = harm_paper = 0
        nvr = sum_s = 0.0
        for l, (name, kind, geo, in_shape, out_shape) in enumerate(self.sites):
            t = {key: torch.cat(v) for key, v in self.terms[name].items()}
            key = "input" if l == 0 else name
            positions = 1 if kind == "dense" else (in_shape[0] if kind == "token" else out_shape[1] * out_shape[2])
            spectral, op, fro, paper = weight_norms(kind, geo, p[name + ".weight"], in_shape, positions, gen)
            sigma = t["sigma"]
            d = math.prod(in_shape)
            q = sigma.shape[1]
            thresh = sigma[:, :1] * max(k, d) * EPS
            logs = torch.where(sigma > thresh, sigma.log(), torch.full_like(sigma, -math.inf))
            logvol = logs[:, :q].sum(1)
            s2, s4 = sigma.pow(2).sum(1), sigma.pow(4).sum(1)
            local_dim = torch.where(s4 > 0, s2 * s2 / s4, torch.zeros_like(s4))
            scale_sq = t["normSq"] if kind == "dense" else t["rhoSq"]
            s_l, kappa = t["gradSq"].mean().item(), t["kappa"].mean().item()
            mls = sigma[:, 0].mean().item()
            inv = (1 / scale_sq).mean().item()
            sites[key] = [mls, logvol.mean().item(), local_dim.mean().item(), t["energy"].mean().item(),
                          t["relMls"].mean().item(), t["normSq"].sqrt().mean().item(),
                          math.nan if kind == "dense" else t["rhoSq"].sqrt().mean().item(), spectral, op, fro, s_l,
                          kappa]
            bounds[key + "|theorem1"] = (mls, op * math.sqrt(s_l) * math.sqrt(inv))
            bounds[key + "|theorem1.trace"] = (mls, op * math.sqrt(trace) * math.sqrt(inv))
            bounds[key + "|lemma2.kappa"] = (kappa, spectral ** 2 * s_l)
            bounds[key + "|theorem2.log"] = (logvol.mean().item(),
                                             0.5 * q * (math.log(op * op * s_l / q) - scale_sq.log().mean().item()))
            nmls = nmls + sigma[:, 0]
            harm = harm + torch.where(scale_sq > 0, op * op / scale_sq, torch.full_like(scale_sq, math.inf))
            harm_paper = harm_paper + paper * paper / t["normSq"]
            nvr += logvol.mean().item()
            sum_s += s_l
        h = harm.mean().item()
        network = [nmls.mean().item(), nvr, h, harm_paper.mean().item(), trace, sum_s]
        bounds["network|theorem3"] = (network[0], math.sqrt(h) * math.sqrt(sum_s))
        bounds["network|theorem3.trace"] = (network[0], math.sqrt(h * trace))
        return sites, network, bounds


# --------------------------------------------------------------------------------------------- the paper's way
def paper_way(model, p, x):
    """Per sample a forward pass, per output a backward pass w.r.t. every parameter and every site input; then Tr G from
    the parameter gradients and each site's singular values from its k Jacobian rows (as JacobianBench.perSampleWay).
    Returns Tr G over these samples."""
    params = {name: t.detach().requires_grad_(True) for name, t in p.items()}
    n = x.shape[0]
    trace = 0.0
    for i in range(n):
        rec = Recorder("record")
        f = model(params, x[i:i + 1], rec)
        k = f.shape[1]
        names = [s[0] for s in rec.sites]
        wrt = list(params.values()) + [rec.h[s] for s in names]
        rows = [[] for _ in names]
        for c in range(k):
            grads = torch.autograd.grad(f[0, c], wrt, retain_graph=c < k - 1)
            trace += sum(g.pow(2).sum().item() for g in grads[:len(params)]) / n
            for l in range(len(names)):
                rows[l].append(grads[len(params) + l].reshape(-1))
        for r in rows:
            torch.linalg.svdvals(torch.stack(r))
    return trace


def paper_way_all(model, p, x):
    """The paper's way for everything "all" computes: per sample a forward pass and per output a backward pass w.r.t.
    every parameter, site input and site output, as paper_way; then Tr G and the layer shares S_l from that sample's
    weight gradients, and the other terms of each site from its k Jacobian rows, output gradients and patches, by
    site_terms on a chunk of one sample (the same routes as the batched ways, so the per-sample loop is the only
    difference). Returns the Accumulator; its measures(p, gen) adds the weight norms and bound sides, once per run."""
    params = {name: t.detach().requires_grad_(True) for name, t in p.items()}
    names = list(params)
    acc = Accumulator()
    for i in range(x.shape[0]):
        rec = Recorder("record")
        f = model(params, x[i:i + 1], rec)
        k = f.shape[1]
        sites = [s for s, _, _ in rec.sites]
        wrt = list(params.values()) + [rec.h[s] for s in sites] + [rec.z[s] for s in sites]
        passes = [torch.autograd.grad(f[0, c], wrt, retain_graph=c < k - 1) for c in range(k)]
        grad = [torch.stack([g[j] for g in passes], dim=1) for j in range(len(wrt))]   # [1, k, ...] each
        if acc.sites is None:
            acc.sites = [(s, kind, geo, tuple(rec.h[s].shape[1:]), tuple(rec.z[s].shape[1:]))
                         for s, kind, geo in rec.sites]
        acc.k = k
        by_name = dict(zip(names, grad))
        m = len(names)
        with torch.no_grad():
            for l, (s, kind, geo) in enumerate(rec.sites):
                t = site_terms(kind, geo, rec.h[s].detach(), grad[m + l], grad[m + len(sites) + l],
                               p[s + ".weight"])
                t["gradSq"] = by_name[s + ".weight"].pow(2).sum().reshape(1)
                t["biasSq"] = by_name[s + ".bias"].pow(2).sum().reshape(1)
                for key, v in t.items():
                    acc.terms.setdefault(s, {}).setdefault(key, []).append(v)
            owned = {s + suffix for s in sites for suffix in (".weight", ".bias")}
            for name in names:
                if name not in owned:
                    acc.params.setdefault(name, []).append(by_name[name].pow(2).sum().reshape(1))
    return acc
