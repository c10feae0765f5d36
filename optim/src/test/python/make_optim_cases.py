#!/usr/bin/python3
"""Held-out-style golden cases for the `optimizer` and `lr_schedule` ops of Arabica.

Same format as /work/shared/golden (see its README.md).  Method: params / grads drawn in float32 and
saved; torch.optim runs in float64 on the stored values; each step's parameter is rounded to float32.
Every optimizer case is re-run with torch float32; a case whose float32 trajectory uses more than half
of the tolerance is reported (and dropped unless --keep-ill).

Groups (tag "group:<name>"):
  core     - optimizers / schedulers / attributes the public set uses (held-out-like)
  maximize - SGD/Adam/AdamW/RMSprop with maximize=True (not in the public set)
  sched_x  - MultiStepLR and LinearLR (not in the public set)
  probe    - corner settings (dampening 1, beta1 0, eps 0, alpha 0, 0-d, steps 0/1/20/100, ...)

Usage:  /usr/bin/python3 make_optim_cases.py [--out /work/golden-optim] [--only REGEX]
"""
import argparse
import hashlib
import json
import math
import os
import re
import shutil
import sys
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

OPT_TOL = (2e-6, 1e-7)
LR_TOL = (1e-6, 1e-9)
F32_MAX_RATIO = 0.5

CASES, SKIPPED, IDS = [], [], set()
ONLY = OUT = None
KEEP_ILL = False


def rng_for(cid):
    return np.random.default_rng(int(hashlib.sha256(cid.encode()).hexdigest()[:12], 16))


def f32(a):
    return np.array(a, dtype=np.float32, order="C", copy=True)


def shp(s):
    return "x".join(str(d) for d in s) if len(s) else "0d"


# ----------------------------------------------------------------------------- data

def make_data(cid, shape, steps, *, gscale=1.0, pscale=1.0, tiny_frac=0.25, zero_frac=0.0, zero_steps=(),
              decay=None, const=False):
    """param_0 and grads: about tiny_frac of the entries tiny (~1e-6, same entries every step);
    zero_frac of the entries exactly 0 at every step; steps listed in zero_steps all-zero;
    decay: multiply step i's gradient by decay**i (amsgrad needs shrinking second moments);
    const: the same gradient every step."""
    r = rng_for(cid)
    p0 = f32(r.standard_normal(shape) * pscale)
    n = int(np.prod(shape)) if len(shape) else 1
    flat_idx = np.arange(n)
    r.shuffle(flat_idx)
    n_tiny = int(round(tiny_frac * n))
    n_zero = int(round(zero_frac * n))
    tiny_idx = flat_idx[:n_tiny]
    zero_idx = flat_idx[n_tiny:n_tiny + n_zero]
    grads = []
    g_const = None
    for i in range(steps):
        if const and g_const is not None:
            grads.append(g_const.copy())
            continue
        g = r.standard_normal(n) * gscale
        if n_tiny:
            g[tiny_idx] = r.standard_normal(n_tiny) * 1e-6
        if n_zero:
            g[zero_idx] = 0.0
        if decay is not None:
            g = g * decay ** i
        if i in zero_steps:
            g[:] = 0.0
        g = f32(g.reshape(shape))
        g_const = g
        grads.append(g)
    return p0, grads


# ----------------------------------------------------------------------------- optimizer reference

def ewma_run(p, grads, lr, beta):
    v = torch.zeros_like(p)
    out = []
    for g in grads:
        v = beta * v + (1 - beta) * g
        p = p - lr * v
        out.append(p.clone())
    return out


def run_traj(kind, kw, p0, grads, dtype):
    p = torch.tensor(p0.astype(np.float64)).to(dtype)
    gs = [torch.tensor(g.astype(np.float64)).to(dtype) for g in grads]
    if kind == "MomentumEWMA":
        return [t.numpy() for t in ewma_run(p, gs, kw["lr"], kw["beta"])]
    p = p.clone().requires_grad_(True)
    cls = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
           "RMSprop": torch.optim.RMSprop}[kind]
    opt = cls([p], **kw)
    out = []
    for g in gs:
        p.grad = g.clone()
        opt.step()
        out.append(p.detach().clone().numpy())
    return out


def fmt_call(kind, kw):
    def v(x):
        if isinstance(x, (list, tuple)):
            return "[" + ", ".join(v(y) for y in x) + "]"
        if isinstance(x, bool):
            return str(x)
        return repr(x)
    args = ", ".join("%s=%s" % (k, v(x)) for k, x in kw.items())
    return "torch.optim.%s([p]%s)" % (kind, (", " + args) if args else "")


def emit_optim(cid, kind, kw, shape, steps=5, *, group="core", tags=(), notes_extra="", data_kw=None, attrs_extra=None):
    if ONLY and not re.search(ONLY, cid):
        return
    assert cid not in IDS, cid
    IDS.add(cid)
    p0, grads = make_data(cid, shape, steps, **(data_kw or {}))
    try:
        exp = run_traj(kind, kw, p0, grads, torch.float64)
    except Exception as e:
        SKIPPED.append((cid, "torch raised: %s" % str(e).splitlines()[0]))
        return
    exp = [f32(e) for e in exp]
    for e in exp:
        if not np.all(np.isfinite(e)):
            SKIPPED.append((cid, "non-finite expected"))
            return
    rtol, atol = OPT_TOL
    worst = 0.0
    got32 = run_traj(kind, kw, p0, grads, torch.float32)
    for e, a in zip(exp, got32):
        if e.size:
            ratio = np.max(np.abs(a.astype(np.float64) - e) / (atol + rtol * np.abs(e.astype(np.float64))))
            worst = max(worst, float(ratio) if np.isfinite(ratio) else float("inf"))
    if worst > F32_MAX_RATIO:
        msg = "PyTorch float32 err/tol %.3g > %.2g (ill-conditioned)" % (worst, F32_MAX_RATIO)
        if not KEEP_ILL:
            SKIPPED.append((cid, msg))
            return
        print("  [ill] %s: %s (kept)" % (cid, msg), file=sys.stderr)
    attrs = {"optimizer": kind}
    attrs.update({k: (list(x) if isinstance(x, tuple) else x) for k, x in kw.items()})
    if attrs_extra:
        attrs.update(attrs_extra)
    attrs["steps"] = steps
    if kind == "MomentumEWMA":
        lr, beta = kw["lr"], kw["beta"]
        call = ("NOT a torch.optim class (written out in torch): exponentially-weighted momentum v = %r*v + %r*g "
                "(v starts at 0, no bias correction), p -= %r*v." % (beta, 1 - beta, lr))
    else:
        call = fmt_call(kind, kw) + "; for i in 0..%d: p.grad = grad_i; opt.step(); param_(i+1) = p." % (steps - 1)
    notes = call + " State (buffers) starts empty. " + notes_extra
    d = os.path.join(OUT, cid)
    os.makedirs(d, exist_ok=True)
    files = {}

    def save(stem, arr):
        np.save(os.path.join(d, stem + ".npy"), arr)
        files[stem] = {"shape": list(arr.shape), "dtype": "float32"}

    save("param_0", p0)
    for i, g in enumerate(grads):
        save("grad_%d" % i, g)
    for i, e in enumerate(exp):
        save("param_%d" % (i + 1), e)
    spec = {
        "id": cid, "family": "optim", "op": "optimizer", "attrs": attrs,
        "inputs": ["param_0"] + ["grad_%d" % i for i in range(steps)], "views": {}, "requires_grad": [],
        "outputs": ["param_%d" % (i + 1) for i in range(steps)], "upstream": None, "upstream_map": {},
        "grads": {}, "rtol": rtol, "atol": atol, "notes": notes.strip(), "tags": list(tags) + ["group:" + group],
        "files": files,
    }
    with open(os.path.join(d, "case.json"), "w") as fh:
        json.dump(spec, fh, indent=1)
    CASES.append({"id": cid, "op": "optimizer", "family": "optim", "tags": spec["tags"], "_f32": worst})


# ----------------------------------------------------------------------------- lr schedule reference

def emit_lr(cid, scheduler, base_lr, kw, steps, *, group="core", tags=(), formula=""):
    if ONLY and not re.search(ONLY, cid):
        return
    assert cid not in IDS, cid
    IDS.add(cid)
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    try:
        sch = getattr(torch.optim.lr_scheduler, scheduler)(opt, **kw)
    except Exception as e:
        SKIPPED.append((cid, "torch raised: %s" % str(e).splitlines()[0]))
        return
    lrs = []
    for t in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sch.step()
    lrs = f32(lrs)
    rtol, atol = LR_TOL
    attrs = {"scheduler": scheduler, "base_lr": base_lr}
    attrs.update({k: (list(x) if isinstance(x, tuple) else x) for k, x in kw.items()})
    attrs["steps"] = steps
    args = ", ".join("%s=%r" % (k, x) for k, x in kw.items())
    notes = ("torch.optim.lr_scheduler.%s(SGD(lr=%r), %s); lrs[t] = lr used by the t-th optimizer step, t = 0..%d "
             "(read before scheduler.step()); %s" % (scheduler, base_lr, args, steps - 1, formula))
    d = os.path.join(OUT, cid)
    os.makedirs(d, exist_ok=True)
    np.save(os.path.join(d, "lrs.npy"), lrs)
    spec = {
        "id": cid, "family": "lr_schedule", "op": "lr_schedule", "attrs": attrs, "inputs": [], "views": {},
        "requires_grad": [], "outputs": ["lrs"], "upstream": None, "upstream_map": {}, "grads": {},
        "rtol": rtol, "atol": atol, "notes": notes, "tags": list(tags) + ["group:" + group],
        "files": {"lrs": {"shape": [steps], "dtype": "float32"}},
    }
    with open(os.path.join(d, "case.json"), "w") as fh:
        json.dump(spec, fh, indent=1)
    CASES.append({"id": cid, "op": "lr_schedule", "family": "lr_schedule", "tags": spec["tags"], "_f32": 0.0})


# ----------------------------------------------------------------------------- case lists

TINY = "About a quarter of the gradient entries are tiny (~1e-6, the same entries every step)."


def gen_sgd():
    O = emit_optim
    O("optim_sgd_7", "SGD", dict(lr=0.01), (7,), notes_extra="Update: p -= lr*g. " + TINY)
    O("optim_sgd_3x4x5_s8", "SGD", dict(lr=0.1), (3, 4, 5), 8, notes_extra="Update: p -= lr*g.")
    O("optim_sgd_1", "SGD", dict(lr=0.5), (1,), tags=["edge:single"])
    O("optim_sgd_0", "SGD", dict(lr=0.1), (0,), tags=["edge:empty"])
    O("optim_sgd_0d", "SGD", dict(lr=0.1), (), tags=["edge:0d"])
    O("optim_sgd_explicit_defaults_2x3", "SGD", dict(lr=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0,
                                                     nesterov=False), (2, 3), tags=["edge:explicit_defaults"])
    O("optim_sgd_momentum_7", "SGD", dict(lr=0.03, momentum=0.8), (7,))
    O("optim_sgd_momentum_3x4x5_s8", "SGD", dict(lr=0.01, momentum=0.99), (3, 4, 5), 8)
    O("optim_sgd_momentum_dampening_7", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.5), (7,))
    O("optim_sgd_momentum_dampening0p9_2x3_s8", "SGD", dict(lr=0.1, momentum=0.9, dampening=0.9), (2, 3), 8)
    O("optim_sgd_nesterov_3x4x5_s8", "SGD", dict(lr=0.02, momentum=0.95, nesterov=True), (3, 4, 5), 8)
    O("optim_sgd_nesterov_1", "SGD", dict(lr=0.05, momentum=0.5, nesterov=True), (1,), tags=["edge:single"])
    O("optim_sgd_weight_decay_7", "SGD", dict(lr=0.1, weight_decay=0.01), (7,))
    O("optim_sgd_weight_decay_zero_grad_3x4", "SGD", dict(lr=0.1, weight_decay=0.1), (3, 4),
      data_kw=dict(zero_frac=0.3, zero_steps=(2,)), tags=["edge:zero_grad"])
    O("optim_sgd_momentum_weight_decay_3x4x5", "SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.05), (3, 4, 5))
    O("optim_sgd_momentum_dampening_weight_decay_7", "SGD",
      dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.02), (7,), 8)
    O("optim_sgd_nesterov_weight_decay_2x3", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
      (2, 3), 8)
    O("optim_sgd_momentum_zero_grad_7", "SGD", dict(lr=0.1, momentum=0.9), (7,),
      data_kw=dict(zero_frac=0.3, zero_steps=(0, 3)), tags=["edge:zero_grad"])
    O("optim_sgd_momentum_large_grad_4x5", "SGD", dict(lr=1e-4, momentum=0.9), (4, 5),
      data_kw=dict(gscale=1e3), tags=["edge:large_grad"])
    O("optim_sgd_tiny_grad_4x5", "SGD", dict(lr=0.1, momentum=0.9), (4, 5),
      data_kw=dict(tiny_frac=1.0), tags=["edge:tiny_grad"])
    # maximize (not in the public set)
    O("optim_sgd_maximize_7", "SGD", dict(lr=0.1, maximize=True), (7,), group="maximize")
    O("optim_sgd_maximize_momentum_weight_decay_3x4", "SGD",
      dict(lr=0.05, momentum=0.9, weight_decay=0.05, maximize=True), (3, 4), group="maximize")


EPS_NOTE = " Where eps sits matters for the tiny entries (eps added AFTER the bias-corrected sqrt)."


def gen_adam():
    O = emit_optim
    O("optim_adam_defaults_7", "Adam", dict(lr=0.001, betas=(0.9, 0.999), eps=1e-08), (7,), notes_extra=TINY + EPS_NOTE)
    O("optim_adam_lr_only_2x3", "Adam", dict(lr=0.01), (2, 3), tags=["edge:default_attrs"])
    O("optim_adam_betas_3x4x5_s8", "Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-08), (3, 4, 5), 8)
    O("optim_adam_eps1em6_2x3", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-06), (2, 3), notes_extra=TINY + EPS_NOTE)
    O("optim_adam_l2_7", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1), (7,))
    O("optim_adam_amsgrad_3x4x5_s8", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, amsgrad=True), (3, 4, 5), 8,
      data_kw=dict(decay=0.6), notes_extra="Gradients shrink by 0.6 per step so max(v) differs from v.")
    O("optim_adam_amsgrad_l2_7", "Adam",
      dict(lr=0.01, betas=(0.9, 0.99), eps=1e-08, weight_decay=0.05, amsgrad=True), (7,), 8, data_kw=dict(decay=0.5))
    O("optim_adam_1", "Adam", dict(lr=0.1, betas=(0.9, 0.999), eps=1e-08), (1,), tags=["edge:single"])
    O("optim_adam_0", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (0,), tags=["edge:empty"])
    O("optim_adam_steps1_4x5", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (4, 5), 1, tags=["edge:one_step"])
    O("optim_adam_zero_grad_4x5", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (4, 5),
      data_kw=dict(zero_frac=0.3, zero_steps=(1,)), tags=["edge:zero_grad"])
    O("optim_adam_large_grad_4x5", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (4, 5),
      data_kw=dict(gscale=1e4), tags=["edge:large_grad"])
    O("optim_adam_tiny_grad_4x5", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (4, 5),
      data_kw=dict(tiny_frac=1.0), tags=["edge:tiny_grad"])
    O("optim_adam_maximize_2x3", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.05, maximize=True),
      (2, 3), group="maximize")


def gen_adamw():
    O = emit_optim
    O("optim_adamw_wd0p1_7", "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1), (7,),
      notes_extra="Update: decoupled decay FIRST: p *= (1 - lr*weight_decay); then the plain Adam update with the raw g.")
    O("optim_adamw_amsgrad_3x4x5_s8", "AdamW",
      dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=True), (3, 4, 5), 8, data_kw=dict(decay=0.6))
    O("optim_adamw_default_wd_2x3", "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (2, 3),
      tags=["edge:default_attrs"], notes_extra="weight_decay not given: torch's AdamW default 0.01.")
    O("optim_adamw_betas_eps_4x5_s8", "AdamW",
      dict(lr=0.005, betas=(0.85, 0.995), eps=1e-06, weight_decay=0.05), (4, 5), 8)
    O("optim_adamw_large_lr_wd_1", "AdamW", dict(lr=0.1, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.5), (1,),
      tags=["edge:single"])
    O("optim_adamw_0", "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1), (0,), tags=["edge:empty"])
    O("optim_adamw_maximize_7", "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1, maximize=True),
      (7,), group="maximize")


def gen_rmsprop():
    O = emit_optim
    O("optim_rmsprop_defaults_7", "RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-08), (7,),
      notes_extra="Update: s = alpha*s + (1-alpha)*g^2; p -= lr*g/(sqrt(s) + eps). " + TINY)
    O("optim_rmsprop_momentum_3x4x5", "RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-08, momentum=0.9), (3, 4, 5))
    O("optim_rmsprop_centered_3x4x5", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08, centered=True), (3, 4, 5))
    O("optim_rmsprop_centered_momentum_2x3_s8", "RMSprop",
      dict(lr=0.005, alpha=0.95, eps=1e-08, momentum=0.5, centered=True), (2, 3), 8)
    O("optim_rmsprop_weight_decay_7", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08, weight_decay=0.1), (7,))
    O("optim_rmsprop_eps1em6_4x5", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-06), (4, 5), notes_extra=TINY)
    O("optim_rmsprop_all_4x5_s8", "RMSprop",
      dict(lr=0.01, alpha=0.9, eps=1e-06, weight_decay=0.05, momentum=0.8, centered=True), (4, 5), 8)
    O("optim_rmsprop_lr_only_2x3", "RMSprop", dict(lr=0.01), (2, 3), tags=["edge:default_attrs"])
    O("optim_rmsprop_1", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08), (1,), tags=["edge:single"])
    O("optim_rmsprop_0", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08), (0,), tags=["edge:empty"])
    O("optim_rmsprop_zero_grad_4x5", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08, momentum=0.9), (4, 5),
      data_kw=dict(zero_frac=0.3, zero_steps=(0,)), tags=["edge:zero_grad"])
    O("optim_rmsprop_large_grad_4x5", "RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-08, centered=True), (4, 5),
      data_kw=dict(gscale=1e4), tags=["edge:large_grad"])
    O("optim_rmsprop_centered_const_grad_3x4", "RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-08, centered=True), (3, 4),
      data_kw=dict(const=True), tags=["edge:const_grad"])
    O("optim_rmsprop_maximize_7", "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-08, weight_decay=0.1, maximize=True),
      (7,), group="maximize")


def gen_ewma():
    O = emit_optim
    O("optim_momentum_ewma_7", "MomentumEWMA", dict(lr=0.05, beta=0.8), (7,))
    O("optim_momentum_ewma_3x4x5_s8", "MomentumEWMA", dict(lr=0.2, beta=0.95), (3, 4, 5), 8)
    O("optim_momentum_ewma_1", "MomentumEWMA", dict(lr=0.1, beta=0.5), (1,), tags=["edge:single"])
    O("optim_momentum_ewma_0", "MomentumEWMA", dict(lr=0.1, beta=0.9), (0,), tags=["edge:empty"])
    O("optim_momentum_ewma_zero_grad_4x5", "MomentumEWMA", dict(lr=0.1, beta=0.9), (4, 5),
      data_kw=dict(zero_frac=0.3, zero_steps=(0,)), tags=["edge:zero_grad"])
    O("optim_momentum_ewma_beta0_2x3", "MomentumEWMA", dict(lr=0.1, beta=0.0), (2, 3), tags=["edge:beta0"])


def gen_lr():
    L = emit_lr
    L("lr_StepLR_s3_g0p1", "StepLR", 0.1, dict(step_size=3, gamma=0.1), 12, formula="lr_t = base_lr * gamma^floor(t/step_size)")
    L("lr_StepLR_s1_g0p5", "StepLR", 1.0, dict(step_size=1, gamma=0.5), 10, formula="lr_t = base_lr * gamma^floor(t/step_size)")
    L("lr_StepLR_s4_g0p7", "StepLR", 0.05, dict(step_size=4, gamma=0.7), 25, formula="lr_t = base_lr * gamma^floor(t/step_size)")
    L("lr_StepLR_default_gamma", "StepLR", 0.1, dict(step_size=2), 9, tags=["edge:default_attrs"],
      formula="gamma defaults to 0.1")
    L("lr_ExponentialLR_g0p95", "ExponentialLR", 0.1, dict(gamma=0.95), 30, formula="lr_t = base_lr * gamma^t")
    L("lr_ExponentialLR_g0p5", "ExponentialLR", 1.0, dict(gamma=0.5), 12, formula="lr_t = base_lr * gamma^t")
    L("lr_ExponentialLR_g1", "ExponentialLR", 0.01, dict(gamma=1.0), 6, tags=["edge:gamma1"], formula="lr_t = base_lr")
    cos = "lr_t = eta_min + (base_lr - eta_min)*(1 + cos(pi*t/T_max))/2 (not clamped past T_max)"
    L("lr_CosineAnnealingLR_T7_e0", "CosineAnnealingLR", 0.1, dict(T_max=7, eta_min=0), 20, formula=cos)
    L("lr_CosineAnnealingLR_T7_e0_s40", "CosineAnnealingLR", 0.1, dict(T_max=7, eta_min=0.0), 40, formula=cos)
    L("lr_CosineAnnealingLR_T10_e0p01", "CosineAnnealingLR", 0.5, dict(T_max=10, eta_min=0.01), 25, formula=cos)
    L("lr_CosineAnnealingLR_T1", "CosineAnnealingLR", 0.1, dict(T_max=1, eta_min=0.001), 6, tags=["edge:T1"], formula=cos)
    L("lr_CosineAnnealingLR_T3_default_eta", "CosineAnnealingLR", 0.1, dict(T_max=3), 10, tags=["edge:default_attrs"],
      formula=cos)
    # extra schedulers (not in the public set)
    g = "sched_x"
    ms = "lr_t = base_lr * gamma^(number of milestones <= t)"
    L("lr_MultiStepLR_3_7", "MultiStepLR", 0.1, dict(milestones=[3, 7], gamma=0.1), 12, group=g, formula=ms)
    L("lr_MultiStepLR_2_5_9_g0p5", "MultiStepLR", 0.2, dict(milestones=[2, 5, 9], gamma=0.5), 14, group=g, formula=ms)
    L("lr_MultiStepLR_default_gamma", "MultiStepLR", 0.1, dict(milestones=[4]), 8, group=g, formula=ms)
    L("lr_MultiStepLR_repeat", "MultiStepLR", 0.1, dict(milestones=[2, 2, 5], gamma=0.5), 8, group=g,
      tags=["edge:repeated_milestone"], formula=ms + " (repeated milestone counts twice)")
    L("lr_MultiStepLR_unsorted", "MultiStepLR", 0.1, dict(milestones=[6, 2], gamma=0.5), 9, group=g,
      tags=["edge:unsorted_milestones"], formula=ms + " (torch counts milestones, order irrelevant)")
    lin = "lr_t = base_lr*(start_factor + (end_factor-start_factor)*min(t, total_iters)/total_iters)"
    L("lr_LinearLR_sf0p25_ti4", "LinearLR", 0.1, dict(start_factor=0.25, total_iters=4), 10, group=g, formula=lin)
    L("lr_LinearLR_defaults", "LinearLR", 0.1, dict(), 8, group=g, formula=lin + " (start 1/3, end 1, total_iters 5)")
    L("lr_LinearLR_end_factor", "LinearLR", 0.1, dict(start_factor=1.0, end_factor=0.1, total_iters=6), 10, group=g,
      formula=lin)
    L("lr_LinearLR_explicit_end1", "LinearLR", 0.05, dict(start_factor=0.1, end_factor=1.0, total_iters=3), 6, group=g,
      formula=lin)


def gen_probe():
    """extra edge probes (group probe): legal torch settings at the corners of the attribute ranges"""
    O, L, g = emit_optim, emit_lr, "probe"
    O("optim_sgd_momentum_dampening1_7", "SGD", dict(lr=0.1, momentum=0.9, dampening=1.0), (7,), group=g)
    O("optim_sgd_dampening_no_momentum_7", "SGD", dict(lr=0.1, dampening=0.5), (7,), group=g)
    O("optim_sgd_lr0_2x3", "SGD", dict(lr=0.0, momentum=0.9, weight_decay=0.1), (2, 3), group=g)
    O("optim_sgd_momentum_1x1_s20", "SGD", dict(lr=0.01, momentum=0.9), (1, 1), 20, group=g)
    O("optim_adam_beta1_0_7", "Adam", dict(lr=0.01, betas=(0.0, 0.999), eps=1e-08), (7,), group=g)
    O("optim_adam_beta2_0p5_7", "Adam", dict(lr=0.01, betas=(0.9, 0.5), eps=1e-08), (7,), group=g)
    O("optim_adam_s20_3x4", "Adam", dict(lr=0.001, betas=(0.9, 0.999), eps=1e-08), (3, 4), 20, group=g)
    O("optim_adam_eps0_4x5", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=0.0), (4, 5), group=g)
    O("optim_adam_0d", "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08), (), group=g, tags=["edge:0d"])
    O("optim_adamw_wd0_2x3", "AdamW", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0), (2, 3), group=g)
    O("optim_adamw_amsgrad_zero_grad_4x5", "AdamW",
      dict(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=True), (4, 5), 8, group=g,
      data_kw=dict(zero_frac=0.3, zero_steps=(2, 5)))
    O("optim_rmsprop_alpha0_7", "RMSprop", dict(lr=0.01, alpha=0.0, eps=1e-08), (7,), group=g)
    O("optim_rmsprop_alpha0p5_s20_7", "RMSprop", dict(lr=0.001, alpha=0.5, eps=1e-08), (7,), 20, group=g)
    O("optim_rmsprop_momentum_weight_decay_7", "RMSprop",
      dict(lr=0.001, alpha=0.99, eps=1e-08, momentum=0.5, weight_decay=0.1), (7,), group=g)
    O("optim_rmsprop_0d", "RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-08, centered=True), (), group=g)
    O("optim_momentum_ewma_s20_7", "MomentumEWMA", dict(lr=0.1, beta=0.9), (7,), 20, group=g)
    L("lr_StepLR_steps0", "StepLR", 0.1, dict(step_size=3, gamma=0.1), 0, group=g)
    L("lr_StepLR_steps1", "StepLR", 0.1, dict(step_size=3, gamma=0.1), 1, group=g)
    L("lr_StepLR_big_step", "StepLR", 0.1, dict(step_size=50, gamma=0.1), 10, group=g)
    L("lr_StepLR_gamma2", "StepLR", 0.01, dict(step_size=2, gamma=2.0), 10, group=g)
    L("lr_ExponentialLR_g0", "ExponentialLR", 0.1, dict(gamma=0.0), 5, group=g)
    L("lr_ExponentialLR_g0p9_s100", "ExponentialLR", 0.1, dict(gamma=0.9), 100, group=g)
    L("lr_CosineAnnealingLR_eta_gt_base", "CosineAnnealingLR", 0.01, dict(T_max=5, eta_min=0.1), 12, group=g)
    L("lr_CosineAnnealingLR_T7_s100", "CosineAnnealingLR", 0.1, dict(T_max=7, eta_min=0.0), 100, group=g)
    L("lr_CosineAnnealingLR_T2_eta", "CosineAnnealingLR", 1.0, dict(T_max=2, eta_min=0.5), 9, group=g)
    L("lr_CosineAnnealingLR_T50_s10", "CosineAnnealingLR", 0.1, dict(T_max=50, eta_min=0.0), 10, group=g)


def main():
    global OUT, ONLY, KEEP_ILL
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/golden-optim")
    ap.add_argument("--only", default=None)
    ap.add_argument("--keep-ill", action="store_true")
    a = ap.parse_args()
    OUT, ONLY, KEEP_ILL = a.out, a.only, a.keep_ill
    if os.path.isdir(OUT) and not ONLY:
        shutil.rmtree(OUT)
    os.makedirs(OUT, exist_ok=True)
    gen_sgd(); gen_adam(); gen_adamw(); gen_rmsprop(); gen_ewma(); gen_lr(); gen_probe()
    fams, tags = {}, {}
    for c in CASES:
        fams[c["family"]] = fams.get(c["family"], 0) + 1
        for t in c["tags"]:
            tags[t] = tags.get(t, 0) + 1
    index = {"set": "optim-heldout-style", "format_version": 1, "torch_version": torch.__version__,
             "numpy_version": np.__version__, "reference_dtype": "float64 (saved as float32)", "count": len(CASES),
             "families": fams, "tags": tags,
             "cases": [{k: v for k, v in c.items() if not k.startswith("_")} for c in CASES]}
    with open(os.path.join(OUT, "index.json"), "w") as fh:
        json.dump(index, fh, indent=1)
    print("wrote %d cases to %s" % (len(CASES), OUT))
    worst = sorted(CASES, key=lambda c: -c["_f32"])[:5]
    print("worst torch-float32 err/tol:", ", ".join("%s %.3g" % (c["id"], c["_f32"]) for c in worst))
    for cid, why in SKIPPED:
        print("SKIPPED %s: %s" % (cid, why))


if __name__ == "__main__":
    main()
