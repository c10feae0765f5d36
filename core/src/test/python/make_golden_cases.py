#!/usr/bin/python3
"""Generate an extra ("held-out style") golden case set for Arabica.

Same format as ../shared/golden (see its README.md): one folder per case with case.json and
.npy files, plus index.json.  Reference method: inputs drawn in float32 and saved; PyTorch runs in
float64 (forward + autograd backward with a saved random upstream `gout`, or 1.0 for 0-d outputs) on
the stored values (views applied to the stored base tensors); results rounded to float32.

Every case is also re-run with PyTorch float32 kernels; a case whose float32 result is not within
half of its tolerance is dropped as ill-conditioned (reported on stderr).

Usage:  /usr/bin/python3 core/src/test/python/make_golden_cases.py [--out /tmp/golden-extra] [--only REGEX]
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
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

TOL_DEFAULT = (1e-4, 1e-5)
TOL_ACCUM = (1e-4, 1e-4)
F32_MAX_RATIO = 0.5  # drop a case if PyTorch's own float32 result uses more than this share of the tolerance

CASES = []        # (entry for index.json)
SKIPPED = []      # (id, reason)
IDS = set()
ONLY = None
OUT = None


# ----------------------------------------------------------------------------- helpers

def rng_for(cid):
    return np.random.default_rng(int(hashlib.sha256(cid.encode()).hexdigest()[:12], 16))


def f32(a):
    return np.array(a, dtype=np.float32, order="C", copy=True)  # (np.ascontiguousarray would turn 0-d into 1-d)


def i64(a):
    return np.array(a, dtype=np.int64, order="C", copy=True)


def shp(s):
    return "x".join(str(d) for d in s) if len(s) else "0d"


def fmt(v):
    s = ("%g" % v).replace("-", "m").replace(".", "p")
    return s


def randn(r, shape, scale=1.0, loc=0.0):
    return f32(r.standard_normal(shape) * scale + loc)


def uniform(r, shape, lo, hi):
    return f32(r.uniform(lo, hi, size=shape))


def away(r, shape, lo=0.5, hi=2.0):
    """magnitudes in [lo, hi], random sign"""
    return f32(r.uniform(lo, hi, size=shape) * r.choice([-1.0, 1.0], size=shape))


def with_values(arr, r, values, frac=0.4):
    """overwrite a random subset of entries with the given exact values"""
    a = np.array(arr, dtype=np.float32, copy=True)
    flat = a.reshape(-1)
    n = flat.size
    if n == 0:
        return a
    k = max(1, int(round(n * frac)))
    idx = r.choice(n, size=min(k, n), replace=False)
    flat[idx] = r.choice(np.asarray(values, dtype=np.float32), size=idx.size)
    return a


def apply_view(t, step):
    kind = step[0]
    if kind == "transpose":
        return t.transpose(step[1], step[2])
    if kind == "permute":
        return t.permute(*step[1])
    if kind == "slice":
        dim, start, stop = step[1], step[2], step[3]
        st = step[4] if len(step) > 4 else None
        idx = [slice(None)] * t.dim()
        idx[dim] = slice(start, stop, st)
        return t[tuple(idx)]
    if kind == "expand":
        return t.expand(*step[1])
    raise ValueError(kind)


def _run(inputs, fn, rg, views, dtype, gouts=None):
    bases, args = {}, {}
    for stem, arr in inputs:
        if arr.dtype == np.float32:
            t = torch.tensor(arr.astype(np.float64) if dtype == torch.float64 else arr, dtype=dtype)
            if stem in rg:
                t.requires_grad_(True)
        else:
            t = torch.tensor(arr, dtype=torch.int64)
        bases[stem] = t
        a = t
        for step in views.get(stem, []):
            a = apply_view(a, step)
        args[stem] = a
    res = fn(args)
    if isinstance(res, torch.Tensor):
        res = {"out": res}
    return bases, res


def emit(cid, op, family, attrs, inputs, fn, *, rg=None, views=None, tol=TOL_DEFAULT, notes="", tags=(),
         diff=("out",), f32_check=True):
    """inputs: list of (stem, ndarray float32/int64) in call order; fn(args) -> tensor or {name: tensor}."""
    if ONLY and not re.search(ONLY, cid):
        return
    assert cid not in IDS, cid
    IDS.add(cid)
    views = views or {}
    if rg is None:
        rg = [s for s, a in inputs if a.dtype == np.float32]
    rtol, atol = tol
    r = rng_for(cid + "/gout")
    try:
        bases, outs = _run(inputs, fn, rg, views, torch.float64)
    except Exception as e:  # PyTorch refuses: not a legal case
        SKIPPED.append((cid, "torch raised: %s" % str(e).splitlines()[0]))
        return
    diff = [d for d in diff if d in outs and outs[d].dtype == torch.float64 and outs[d].requires_grad]
    if not diff:
        rg = []
    upstream_map, gout_arrays = {}, {}
    roots, ups = [], []
    for d in diff:
        o = outs[d]
        if o.dim() == 0:
            upstream_map[d] = 1.0
            g = torch.ones((), dtype=torch.float64)
        else:
            stem = "gout" if len(diff) == 1 else "gout_" + d
            ga = randn(r, tuple(o.shape))
            gout_arrays[stem] = ga
            upstream_map[d] = stem
            g = torch.tensor(ga.astype(np.float64))
        roots.append(o)
        ups.append(g)
    grads = {}
    if roots and rg:
        try:
            torch.autograd.backward(roots, ups)
        except Exception as e:
            SKIPPED.append((cid, "torch backward raised: %s" % str(e).splitlines()[0]))
            return
        for s in rg:
            b = bases[s]
            grads[s] = b.grad if b.grad is not None else torch.zeros_like(b)
    # finite check
    for name, t in list(outs.items()) + [("grad_" + k, v) for k, v in grads.items()]:
        if t.dtype.is_floating_point and not torch.isfinite(t).all():
            SKIPPED.append((cid, "non-finite expected value in %s" % name))
            return
        if t.dtype.is_floating_point and t.numel() and t.abs().max() > 3e38:
            SKIPPED.append((cid, "float32 overflow in %s" % name))
            return
    exp_out = {k: (f32(v.detach().numpy()) if v.dtype.is_floating_point else i64(v.numpy())) for k, v in outs.items()}
    exp_grad = {k: f32(v.detach().numpy()) for k, v in grads.items()}
    # float32 PyTorch sanity check
    worst = 0.0
    if f32_check:
        try:
            b32, o32 = _run(inputs, fn, rg, views, torch.float32)
            roots32 = []
            ups32 = []
            for d in diff:
                roots32.append(o32[d])
                stem = upstream_map[d]
                ups32.append(torch.ones((), dtype=torch.float32) if stem == 1.0 else torch.tensor(gout_arrays[stem]))
            if roots32 and rg:
                torch.autograd.backward(roots32, ups32)
            pairs = [(exp_out[k], o32[k].detach().numpy()) for k in outs]
            for s in grads:
                g = b32[s].grad
                pairs.append((exp_grad[s], g.numpy() if g is not None else np.zeros(exp_grad[s].shape, np.float32)))
            for e, a in pairs:
                if e.dtype == np.int64:
                    if not np.array_equal(e, a):
                        worst = float("inf")
                    continue
                if e.size:
                    ratio = np.max(np.abs(a.astype(np.float64) - e) / (atol + rtol * np.abs(e.astype(np.float64))))
                    worst = max(worst, float(ratio) if np.isfinite(ratio) else float("inf"))
        except Exception as e:
            print("  [warn] %s: float32 torch failed: %s" % (cid, e), file=sys.stderr)
        if worst > F32_MAX_RATIO:
            SKIPPED.append((cid, "PyTorch float32 err/tol %.3g > %.2g (ill-conditioned)" % (worst, F32_MAX_RATIO)))
            return
    # write
    d = os.path.join(OUT, cid)
    os.makedirs(d, exist_ok=True)
    files = {}

    def save(stem, arr):
        np.save(os.path.join(d, stem + ".npy"), arr)
        files[stem] = {"shape": list(arr.shape), "dtype": "float32" if arr.dtype == np.float32 else "int64"}

    for stem, arr in inputs:
        save(stem, arr)
    for stem, arr in gout_arrays.items():
        save(stem, arr)
    grad_stems = {}
    for s, g in exp_grad.items():
        grad_stems[s] = "grad_" + s
        save("grad_" + s, g)
    for k, v in exp_out.items():
        save(k, v)
    if len(upstream_map) == 0:
        upstream = None
    elif len(upstream_map) == 1:
        upstream = list(upstream_map.values())[0]
    else:
        upstream = dict(upstream_map)
    spec = {
        "id": cid, "family": family, "op": op, "attrs": attrs,
        "inputs": [s for s, _ in inputs], "views": views, "requires_grad": list(rg),
        "outputs": list(outs.keys()), "upstream": upstream, "upstream_map": upstream_map,
        "grads": grad_stems, "rtol": rtol, "atol": atol, "notes": notes, "tags": list(tags), "files": files,
    }
    with open(os.path.join(d, "case.json"), "w") as fh:
        json.dump(spec, fh, indent=1)
    CASES.append({"id": cid, "op": op, "family": family, "tags": list(tags), "_f32": worst})


# ----------------------------------------------------------------------------- elementwise

def gen_elementwise():
    fam = "elementwise"
    ops = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
    sym = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
    # (suffix, a_base, b_base, views, tags)
    variants = [
        ("2x1x4_3x1", (2, 1, 4), (3, 1), {}, ["broadcast"]),
        ("4_2x3x4", (4,), (2, 3, 4), {}, ["broadcast"]),
        ("1x4_3x1", (1, 4), (3, 1), {}, ["broadcast"]),
        ("0d_3x4", (), (3, 4), {}, ["edge:0d"]),
        ("3x4_0d", (3, 4), (), {}, ["edge:0d"]),
        ("0d_0d", (), (), {}, ["edge:0d"]),
        ("0x3_3", (0, 3), (3,), {}, ["edge:zero_length"]),
        ("2x0x1_1x5", (2, 0, 1), (1, 5), {}, ["edge:zero_length"]),
        ("1_1x1x1", (1,), (1, 1, 1), {}, ["edge:size1"]),
        ("T4x3_3x4", (4, 3), (3, 4), {"a": [["transpose", 0, 1]]}, ["view"]),
        ("3x4_P2x4x3", (3, 4), (2, 4, 3), {"b": [["permute", [0, 2, 1]]]}, ["view", "broadcast"]),
        ("S3x8_E4", (3, 8), (4,), {"a": [["slice", 1, 0, 8, 2]], "b": [["expand", [3, 4]]]}, ["view"]),
        ("E1x4_T1x3", (1, 4), (1, 3), {"a": [["expand", [3, 4]]], "b": [["transpose", 0, 1]]}, ["view", "broadcast"]),
        ("P2x3x4_S5x3", (2, 3, 4), (5, 3), {"a": [["permute", [2, 0, 1]]], "b": [["slice", 0, 1, 5, 3]]},
         ["view", "broadcast"]),
    ]
    for op, f in ops.items():
        for suf, sa, sb, views, tags in variants:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            a = randn(r, sa)
            b = away(r, sb) if op == "div" else randn(r, sb)
            emit(cid, op, fam, {}, [("a", a), ("b", b)], lambda A, f=f: f(A["a"], A["b"]), views=views,
                 notes="out = torch.%s(a, b)  (a %s b); NumPy/PyTorch broadcasting (after views)." % (op, sym[op]),
                 tags=tags)
        # scalar variants
        for sv, first, sx, views, tags in [
            (0.5, True, (3, 4), {}, []),
            (-2.0, False, (), {}, ["edge:0d"]),
            (1.5, True, (), {}, ["edge:0d"]),
            (3.0, False, (0, 4), {}, ["edge:zero_length"]),
            (-0.25, True, (4, 3), {"x": [["transpose", 0, 1]]}, ["view"]),
            (2.0, False, (2, 6), {"x": [["slice", 1, 1, 6, 2]]}, ["view"]),
        ]:
            cid = "%s_scalar%s_%s_%s%s" % (op, "_first" if first else "", fmt(sv), shp(sx), "_view" if views else "")
            r = rng_for(cid)
            x = away(r, sx) if (op == "div" and first) else randn(r, sx)
            if first:
                fn = lambda A, f=f, sv=sv: f(torch.tensor(sv, dtype=A["x"].dtype), A["x"])
                note = "out = %s %s x" % (sv, sym[op])
            else:
                fn = lambda A, f=f, sv=sv: f(A["x"], torch.tensor(sv, dtype=A["x"].dtype))
                note = "out = x %s %s" % (sym[op], sv)
            emit(cid, op, fam, {"scalar": sv, "scalar_first": first}, [("x", x)], fn, views=views,
                 notes=note + "  (python scalar operand; attrs.scalar_first=true means the scalar is the LEFT operand)",
                 tags=tags)
    # extreme division: large/small magnitudes
    cid = "div_extreme_3x4_3x4"
    r = rng_for(cid)
    a = f32(randn(r, (3, 4)) * np.float32(1e4))
    b = f32(away(r, (3, 4), 1e-2, 1e-1))
    emit(cid, "div", fam, {}, [("a", a), ("b", b)], lambda A: A["a"] / A["b"], notes="out = a / b (large quotients)",
         tags=["edge:extreme"])

    # unary ops
    def gen_in(op, r, s):
        if op in ("log", "sqrt"):
            return uniform(r, s, 0.1, 3.0)
        if op == "exp":
            return randn(r, s, 2.0)
        if op == "abs":
            return with_values(randn(r, s), r, [0.0, -0.0], 0.3)
        return randn(r, s)

    un = {"neg": torch.neg, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs}
    uvariants = [
        ("0d", (), {}, ["edge:0d"]),
        ("0x3", (0, 3), {}, ["edge:zero_length"]),
        ("7", (7,), {}, []),
        ("1x1", (1, 1), {}, ["edge:size1"]),
        ("T3x5", (3, 5), {"x": [["transpose", 0, 1]]}, ["view"]),
        ("P2x3x4", (2, 3, 4), {"x": [["permute", [1, 2, 0]]]}, ["view"]),
        ("S6x5", (6, 5), {"x": [["slice", 0, 1, 6, 2], ["slice", 1, 0, 5, 3]]}, ["view"]),
        ("E3x1", (3, 1), {"x": [["expand", [2, 3, 4]]]}, ["view"]),
    ]
    for op, f in un.items():
        for suf, s, views, tags in uvariants:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            emit(cid, op, fam, {}, [("x", gen_in(op, r, s))], lambda A, f=f: f(A["x"]), views=views,
                 notes="out = torch.%s(x)" % op, tags=tags)
    r = rng_for("exp_extreme")
    x = f32([[-1000.0, -200.0, -100.0, -87.5], [-50.0, -20.0, 0.0, 10.0], [20.0, 40.0, 60.0, 80.0]])
    emit("exp_extreme_3x4", "exp", fam, {}, [("x", x)], lambda A: torch.exp(A["x"]),
         notes="out = torch.exp(x); very negative inputs underflow to 0", tags=["edge:extreme"])
    r = rng_for("log_wide")
    x = f32(np.concatenate([uniform(r, (6,), 1e-3, 5e-2), uniform(r, (6,), 1e2, 1e6)]).reshape(3, 4))
    emit("log_wide_3x4", "log", fam, {}, [("x", x)], lambda A: torch.log(A["x"]),
         notes="out = torch.log(x); x in [1e-3,5e-2] U [1e2,1e6]", tags=["edge:extreme"])
    x = f32(np.concatenate([uniform(r, (6,), 1e-4, 1e-2), uniform(r, (6,), 1e4, 1e7)]).reshape(3, 4))
    emit("sqrt_wide_3x4", "sqrt", fam, {}, [("x", x)], lambda A: torch.sqrt(A["x"]),
         notes="out = torch.sqrt(x); x in [1e-4,1e-2] U [1e4,1e7]", tags=["edge:extreme"])
    x = f32([[0.0, -0.0, 1.5, -1.5], [0.0, 2.0, -0.0, -3.0]])
    emit("abs_kink_2x4", "abs", fam, {}, [("x", x)], lambda A: torch.abs(A["x"]),
         notes="out = torch.abs(x); exact zeros (abs'(0) = 0)", tags=["edge:kink"])

    # pow
    pvariants = [
        (2.0, (3, 4), "zeros_neg", {}, ["edge:kink"]),
        (3.0, (2, 3), "neg", {}, []),
        (0.5, (4, 3), "pos", {"x": [["transpose", 0, 1]]}, ["view"]),
        (-1.5, (5,), "pos", {}, []),
        (-2.0, (2, 3), "away", {}, []),
        (1.0, (2, 3), "zeros_neg", {}, []),
        (0.0, (2, 3), "zeros_neg", {}, ["edge:kink"]),
        (4.0, (), "neg", {}, ["edge:0d"]),
        (2.0, (0, 3), "neg", {}, ["edge:zero_length"]),
        (2.5, (3, 1), "pos", {"x": [["expand", [3, 4]]]}, ["view"]),
        (10.0, (2, 4), "pos_small", {}, []),
    ]
    for e, s, kind, views, tags in pvariants:
        cid = "pow_%s_%s%s" % (fmt(e), shp(s), "_view" if views else "")
        r = rng_for(cid)
        if kind == "pos":
            x = uniform(r, s, 0.2, 3.0)
        elif kind == "pos_small":
            x = uniform(r, s, 0.5, 1.5)
        elif kind == "away":
            x = away(r, s, 0.5, 2.0)
        elif kind == "zeros_neg":
            x = with_values(randn(r, s), r, [0.0], 0.3)
        else:
            x = randn(r, s)
        emit(cid, "pow", fam, {"exponent": e}, [("x", x)], lambda A, e=e: torch.pow(A["x"], e), views=views,
             notes="out = torch.pow(x, %s)  (tensor ** python float; d/dx = e * x**(e-1), and 0 for e = 0)" % e,
             tags=tags)

    # clamp (bounds are exactly representable)
    cvariants = [
        ("minm0p5_max0p5_exact", {"min": -0.5, "max": 0.5}, (3, 5), [-0.5, 0.5], {}, ["edge:kink"]),
        ("max0p25", {"max": 0.25}, (3, 4), [0.25], {}, ["edge:kink"]),
        ("minnull_max0p25", {"min": None, "max": 0.25}, (2, 5), [0.25], {}, []),
        ("minm0p25", {"min": -0.25}, (4, 3), [-0.25], {"x": [["transpose", 0, 1]]}, ["view"]),
        ("min0_max1_0d", {"min": 0.0, "max": 1.0}, (), [], {}, ["edge:0d"]),
        ("min0_0x4", {"min": 0.0}, (0, 4), [], {}, ["edge:zero_length"]),
        ("min0p25_max0p25", {"min": 0.25, "max": 0.25}, (3, 4), [0.25], {}, ["edge:kink"]),
        ("min0p5_maxm0p5", {"min": 0.5, "max": -0.5}, (3, 4), [0.5, -0.5], {}, ["edge:min_gt_max"]),
        ("min0_exactzero", {"min": 0.0}, (3, 4), [0.0, -0.0], {}, ["edge:kink"]),
        ("minm1_max1_S", {"min": -1.0, "max": 1.0}, (4, 6), [1.0, -1.0], {"x": [["slice", 1, 1, 6, 2]]}, ["view"]),
    ]
    for suf, attrs, s, vals, views, tags in cvariants:
        cid = "clamp_%s_%s" % (suf, shp(s))
        r = rng_for(cid)
        x = with_values(randn(r, s), r, vals, 0.3) if vals else randn(r, s)
        mn, mx = attrs.get("min"), attrs.get("max")
        emit(cid, "clamp", fam, attrs, [("x", x)], lambda A, mn=mn, mx=mx: torch.clamp(A["x"], min=mn, max=mx),
             views=views, notes="out = torch.clamp(x, min=%s, max=%s) (missing/null bound = no bound; min > max gives max). "
                                "Gradient passes where min <= x <= max (bounds inclusive)." % (mn, mx), tags=tags)

    # maximum / minimum with exact ties
    for op, f in (("maximum", torch.maximum), ("minimum", torch.minimum)):
        mvariants = [
            ("ties_3x4_3x4", (3, 4), (3, 4), {}, ["edge:ties"]),
            ("ties_3x1_1x4", (3, 1), (1, 4), {}, ["edge:ties", "broadcast"]),
            ("ties_4_2x3x4", (4,), (2, 3, 4), {}, ["edge:ties", "broadcast"]),
            ("0d_2x3", (), (2, 3), {}, ["edge:0d", "edge:ties"]),
            ("0x3_1x3", (0, 3), (1, 3), {}, ["edge:zero_length"]),
            ("T4x3_3x4", (4, 3), (3, 4), {"a": [["transpose", 0, 1]]}, ["view", "edge:ties"]),
            ("E3_S3x8", (3,), (3, 8), {"a": [["expand", [3, 3]]], "b": [["slice", 1, 0, 8, 3]]}, ["view"]),
        ]
        for suf, sa, sb, views, tags in mvariants:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            a = randn(r, sa)
            b = randn(r, sb)
            if "edge:ties" in tags and a.size and b.size:
                # make ties: copy values of a (as seen after views/broadcast) into b
                ta = torch.tensor(a)
                for step in views.get("a", []):
                    ta = apply_view(ta, step)
                tb = torch.tensor(b)
                for step in views.get("b", []):
                    tb = apply_view(tb, step)
                oshape = torch.broadcast_shapes(ta.shape, tb.shape)
                ea = ta.expand(oshape).numpy()
                if not views.get("b"):
                    # set b entries equal to a's corresponding (broadcast) entries where b is not broadcast
                    bb = b.reshape((1,) * (len(oshape) - b.ndim) + b.shape)
                    idx = np.ndindex(*bb.shape)
                    for k, ix in enumerate(idx):
                        if k % 2 == 0:
                            full = tuple(0 if bb.shape[i] == 1 and oshape[i] != 1 else ix[i] for i in range(len(oshape)))
                            bb[ix] = ea[full]
                    b = f32(bb.reshape(b.shape))
            emit(cid, op, fam, {}, [("a", a), ("b", b)], lambda A, f=f: f(A["a"], A["b"]), views=views,
                 notes="out = torch.%s(a, b) (broadcasting). On exact ties each operand gets HALF the upstream." % op,
                 tags=tags)

    # where
    wvariants = [
        ("2x1x4_3x1_4", (2, 1, 4), (3, 1), (4,), {}, ["broadcast"]),
        ("0d_3x4_3x4", (), (3, 4), (3, 4), {}, ["edge:0d"]),
        ("3x4_0d_0d", (3, 4), (), (), {}, ["edge:0d"]),
        ("0x3_0x3_3", (0, 3), (0, 3), (3,), {}, ["edge:zero_length"]),
        ("T_3x4", (4, 3), (4, 3), (3, 4), {"cond": [["transpose", 0, 1]], "x": [["transpose", 0, 1]]}, ["view"]),
        ("S_E", (3, 4), (3, 8), (1, 4), {"x": [["slice", 1, 1, 8, 2]], "y": [["expand", [3, 4]]]}, ["view"]),
    ]
    for suf, sc, sx, sy, views, tags in wvariants:
        cid = "where_%s" % suf
        r = rng_for(cid)
        cond = i64(r.integers(0, 2, size=sc))
        emit(cid, "where", fam, {}, [("cond", cond), ("x", randn(r, sx)), ("y", randn(r, sy))],
             lambda A: torch.where(A["cond"].bool(), A["x"], A["y"]), views=views,
             notes="out = torch.where(cond.bool(), x, y); cond int64 0/1; all three broadcast together.", tags=tags)
    cid = "where_cond_nonbinary_3x4"
    r = rng_for(cid)
    cond = i64(r.choice([0, 1, 2, -1, 7], size=(3, 4)))
    emit(cid, "where", fam, {}, [("cond", cond), ("x", randn(r, (3, 4))), ("y", randn(r, (3, 4)))],
         lambda A: torch.where(A["cond"].bool(), A["x"], A["y"]),
         notes="out = torch.where(cond.bool(), x, y); cond int64 with values other than 0/1 (nonzero = true)",
         tags=["edge:mask_nonbinary"])

    # masked_fill
    mvariants = [
        ("3x4_4", (3, 4), (4,), -1e9, {}, ["broadcast"]),
        ("2x3x4_0d", (2, 3, 4), (), 0.5, {}, ["edge:0d"]),
        ("0d_0d", (), (), 3.0, {}, ["edge:0d"]),
        ("0x4_1x4", (0, 4), (1, 4), 1.0, {}, ["edge:zero_length"]),
        ("T_3x4_3x1", (4, 3), (3, 1), -2.5, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("E_3x4", (4,), (3, 4), 0.0, {"x": [["expand", [3, 4]]]}, ["view"]),
        ("3x4_mask2x3x4", (3, 4), (2, 3, 4), 1.25, {}, ["edge:mask_broadcasts_x"]),
    ]
    for suf, sx, sm, val, views, tags in mvariants:
        cid = "masked_fill_%s" % suf
        r = rng_for(cid)
        mask = i64(r.integers(0, 2, size=sm))
        emit(cid, "masked_fill", fam, {"value": val}, [("x", randn(r, sx)), ("mask", mask)],
             lambda A, val=val: A["x"].masked_fill(A["mask"].bool(), val), views=views,
             notes="out = x.masked_fill(mask.bool(), %s); mask int64 0/1 broadcast with x (nonzero = fill)." % val,
             tags=tags)


# ----------------------------------------------------------------------------- activations

def gen_activation():
    fam = "activation"
    ext = [-1000.0, -200.0, -100.0, -30.0, -5.0, 0.0, 5.0, 30.0, 100.0, 200.0, 1000.0, 1.5]
    common = [
        ("0d", (), {}, ["edge:0d"]),
        ("0x3", (0, 3), {}, ["edge:zero_length"]),
        ("T4x5", (4, 5), {"x": [["transpose", 0, 1]]}, ["view"]),
        ("P2x3x4", (2, 3, 4), {"x": [["permute", [2, 0, 1]]]}, ["view"]),
        ("S5x6", (5, 6), {"x": [["slice", 1, 0, 6, 2]]}, ["view"]),
    ]
    simple = {
        "relu": (lambda x: F.relu(x), {}, "torch.nn.functional.relu(x) (d/dx at 0 is 0)"),
        "sigmoid": (lambda x: torch.sigmoid(x), {}, "torch.sigmoid(x)"),
        "tanh": (lambda x: torch.tanh(x), {}, "torch.tanh(x)"),
    }
    for op, (f, attrs, note) in simple.items():
        for suf, s, views, tags in common:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            x = with_values(randn(r, s, 2.0), r, [0.0], 0.2) if op == "relu" else randn(r, s, 2.0)
            emit(cid, op, fam, attrs, [("x", x)], lambda A, f=f: f(A["x"]), views=views, notes="out = " + note, tags=tags)
        if op != "relu":
            emit("%s_extreme_3x4" % op, op, fam, attrs, [("x", f32(ext).reshape(3, 4))], lambda A, f=f: f(A["x"]),
                 notes="out = " + note + "; extreme inputs +-1000", tags=["edge:extreme_logits"])
    emit("relu_kink_2x4", "relu", fam, {}, [("x", f32([[0.0, -0.0, 1.0, -1.0], [0.0, 3.0, -2.0, -0.0]]))],
         lambda A: F.relu(A["x"]), notes="out = relu(x); exact zeros, relu'(0) = 0", tags=["edge:kink"])

    # leaky_relu
    for slope, s, views, tags in [
        (0.2, (3, 5), {}, ["edge:kink"]),
        (0.01, (), {}, ["edge:0d"]),
        (1.5, (2, 4), {}, ["edge:kink"]),
        (0.1, (4, 3), {"x": [["transpose", 0, 1]]}, ["view"]),
        (0.01, (0, 2), {}, ["edge:zero_length"]),
    ]:
        cid = "leaky_relu_ns%s_%s%s" % (fmt(slope), shp(s), "_view" if views else "")
        r = rng_for(cid)
        x = with_values(randn(r, s), r, [0.0, -0.0], 0.3) if "edge:kink" in tags else randn(r, s)
        emit(cid, "leaky_relu", fam, {"negative_slope": slope}, [("x", x)],
             lambda A, slope=slope: F.leaky_relu(A["x"], negative_slope=slope), views=views,
             notes="out = torch.nn.functional.leaky_relu(x, negative_slope=%s) (slope at x <= 0 is negative_slope)" % slope,
             tags=tags)

    # softmax / log_softmax
    for op, f in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        svariants = [
            ("d0_3x4x5", (3, 4, 5), 0, {}, []),
            ("dm2_3x4x5", (3, 4, 5), -2, {}, ["negdim"]),
            ("d0_0d", (), 0, {}, ["edge:0d"]),
            ("dm1_0d", (), -1, {}, ["edge:0d"]),
            ("dm1_0x4", (0, 4), -1, {}, ["edge:zero_length"]),
            ("d1_3x0", (3, 0), 1, {}, ["edge:zero_length"]),
            ("dm1_4x1", (4, 1), -1, {}, ["edge:size1"]),
            ("dm1_T5x4", (5, 4), -1, {"x": [["transpose", 0, 1]]}, ["view"]),
            ("d1_P2x3x4", (2, 3, 4), 1, {"x": [["permute", [0, 2, 1]]]}, ["view"]),
            ("d0_T3x6", (3, 6), 0, {"x": [["transpose", 0, 1]]}, ["view"]),
            ("dm1_S4x10", (4, 10), -1, {"x": [["slice", 1, 1, 10, 2]]}, ["view"]),
            ("dm1_E1x5", (1, 5), -1, {"x": [["expand", [3, 5]]]}, ["view"]),
        ]
        for suf, s, dim, views, tags in svariants:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            emit(cid, op, fam, {"dim": dim}, [("x", randn(r, s, 2.0))], lambda A, f=f, dim=dim: f(A["x"], dim),
                 views=views, notes="out = torch.%s(x, dim=%d)" % (op, dim), tags=tags)
        x = f32([[1000.0, -1000.0, 0.0, 999.0, 998.5],
                 [-1000.0, -1000.0, -1000.0, -1000.0, -1000.0],
                 [100.0, -100.0, 50.0, -50.0, 0.0],
                 [-1000.0, 1000.0, 1000.0, -999.0, 0.0]])
        emit("%s_extreme_dm1_4x5" % op, op, fam, {"dim": -1}, [("x", x)], lambda A, f=f: f(A["x"], -1),
             notes="out = torch.%s(x, dim=-1); extreme logits +-1000, equal rows" % op, tags=["edge:extreme_logits"])
        emit("%s_extreme_d0_T4x5" % op, op, fam, {"dim": 0}, [("x", x)], lambda A, f=f: f(A["x"], 0),
             views={"x": [["transpose", 0, 1]]},
             notes="out = torch.%s(x.T, dim=0); extreme logits" % op, tags=["edge:extreme_logits", "view"])
        r = rng_for(op + "_big")
        x = f32(randn(r, (3, 6), 30.0) + 500.0)
        emit("%s_offset500_dm1_3x6" % op, op, fam, {"dim": -1}, [("x", x)], lambda A, f=f: f(A["x"], -1),
             notes="out = torch.%s(x, dim=-1); logits around +500 (needs max subtraction)" % op,
             tags=["edge:extreme_logits"])

    # gelu
    for approx in ("none", "tanh"):
        tag = "exact" if approx == "none" else "tanh"
        for suf, s, views, tags in common + [("extreme", None, {}, ["edge:extreme"])]:
            cid = "gelu_%s_%s" % (tag, suf)
            r = rng_for(cid)
            x = f32([[-100.0, -10.0, -5.0, -3.0], [-1.0, 0.0, 0.5, 3.0], [5.0, 10.0, 100.0, -0.0]]) if s is None \
                else randn(r, s, 2.0)
            emit(cid, "gelu", fam, {"approximate": approx}, [("x", x)],
                 lambda A, approx=approx: F.gelu(A["x"], approximate=approx), views=views,
                 notes="out = torch.nn.functional.gelu(x, approximate='%s')" % approx, tags=tags)

    # elu
    for alpha, s, views, tags, kind in [
        (0.5, (3, 4), {}, ["edge:kink"], "kink"),
        (2.0, (2, 5), {}, ["edge:kink"], "kink"),
        (1.0, (), {}, ["edge:0d"], "n"),
        (1.0, (0, 3), {}, ["edge:zero_length"], "n"),
        (0.7, (4, 3), {"x": [["transpose", 0, 1]]}, ["view"], "n"),
        (1.3, (3, 4), {}, ["edge:extreme"], "ext"),
    ]:
        cid = "elu_a%s_%s%s" % (fmt(alpha), shp(s), "_" + kind if kind != "n" else "")
        r = rng_for(cid)
        if kind == "kink":
            x = with_values(randn(r, s), r, [0.0, -0.0], 0.3)
        elif kind == "ext":
            x = f32(ext).reshape(3, 4)
        else:
            x = randn(r, s)
        emit(cid, "elu", fam, {"alpha": alpha}, [("x", x)], lambda A, alpha=alpha: F.elu(A["x"], alpha=alpha),
             views=views, notes="out = torch.nn.functional.elu(x, alpha=%s) = x if x > 0 else alpha*(exp(x)-1); "
                                "PyTorch's grad at x = 0 is alpha (the x <= 0 branch)" % alpha, tags=tags)

    # softplus
    for beta, thr, s, views, tags, kind in [
        (1.0, 20.0, (3, 4), {}, ["edge:extreme_logits"], "ext"),
        (2.0, 20.0, (3, 4), {}, ["edge:extreme_logits"], "ext"),
        (0.5, 20.0, (3, 4), {}, ["edge:extreme_logits"], "ext"),
        (1.0, 1.0, (2, 6), {}, ["edge:threshold_boundary"], "thr"),
        (2.0, 3.0, (2, 6), {}, ["edge:threshold_boundary"], "thr"),
        (1.0, 20.0, (), {}, ["edge:0d"], "n"),
        (1.0, 20.0, (0, 3), {}, ["edge:zero_length"], "n"),
        (1.5, 10.0, (4, 5), {"x": [["transpose", 0, 1]]}, ["view"], "n"),
    ]:
        cid = "softplus_b%s_t%s_%s%s" % (fmt(beta), fmt(thr), shp(s), "_" + kind if kind != "n" else "")
        r = rng_for(cid)
        if kind == "ext":
            x = f32(ext).reshape(3, 4)
        elif kind == "thr":
            b0 = thr / beta
            x = f32([[b0, b0, -b0, b0 * 0.5, b0 * 2, 0.0], [b0 + 0.25, b0 - 0.25, 1.0, -1.0, 3.0, -30.0]])
        else:
            x = randn(r, s, 3.0)
        emit(cid, "softplus", fam, {"beta": beta, "threshold": thr}, [("x", x)],
             lambda A, beta=beta, thr=thr: F.softplus(A["x"], beta=beta, threshold=thr), views=views,
             notes="out = torch.nn.functional.softplus(x, beta=%s, threshold=%s) = log(1+exp(beta*x))/beta, "
                   "and exactly x where beta*x > threshold (strict)" % (beta, thr), tags=tags)


# ----------------------------------------------------------------------------- reductions

def gen_reduction():
    fam = "reduction"
    # sum / mean / var
    rvariants = [
        # suffix, shape, dim, keepdim, views, tags
        ("dm1m3", (3, 4, 5), [-1, -3], False, {}, ["negdim"]),
        ("d20_keep", (3, 4, 5), [2, 0], True, {}, []),
        ("all_keep", (2, 3, 4), None, True, {}, []),
        ("d012", (2, 3, 4), [0, 1, 2], False, {}, []),
        ("0d_all", (), None, False, {}, ["edge:0d"]),
        ("0d_d0", (), [0], False, {}, ["edge:0d"]),
        ("0d_dm1_keep", (), [-1], True, {}, ["edge:0d"]),
        ("d1_4x1x3", (4, 1, 3), [1], False, {}, ["edge:size1"]),
        ("d1_T4x3", (4, 3), [1], False, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("d02_P2x3x4", (2, 3, 4), [0, 2], True, {"x": [["permute", [2, 0, 1]]]}, ["view"]),
        ("all_S5x8", (5, 8), None, False, {"x": [["slice", 0, 0, 5, 2], ["slice", 1, 1, 8, 3]]}, ["view"]),
        ("d0_E3x1", (3, 1), [0], False, {"x": [["expand", [2, 3, 4]]]}, ["view"]),
        ("d1_0x3", (0, 3), [1], False, {}, ["edge:zero_length"]),
        ("d0_0x3", (0, 3), [0], True, {}, ["edge:zero_length", "empty_reduce"]),
        ("all_0x3", (0, 3), None, False, {}, ["edge:zero_length", "empty_reduce"]),
    ]
    for op in ("sum", "mean", "var"):
        for suf, s, dim, keep, views, tags in rvariants:
            if "empty_reduce" in tags and op != "sum":
                continue
            for unb in ([False, True] if op == "var" else [None]):
                if unb and (s == () or suf.startswith("d1_4x1x3")):
                    continue
                cid = "%s_%s_%s%s" % (op, suf, shp(s), "_unbiased" if unb else "")
                cid = cid.replace("_T4x3_4x3", "_T4x3").replace("_P2x3x4_2x3x4", "_P2x3x4") \
                    .replace("_S5x8_5x8", "_S5x8").replace("_E3x1_3x1", "_E3x1").replace("_4x1x3_4x1x3", "_4x1x3") \
                    .replace("_0x3_0x3", "_0x3")
                r = rng_for(cid)
                x = randn(r, s)
                attrs = {"dim": dim, "keepdim": keep}
                if op == "var":
                    attrs["unbiased"] = unb
                    fn = lambda A, dim=dim, keep=keep, unb=unb: (torch.var(A["x"], unbiased=unb) if dim is None and not keep
                                                                 else torch.var(A["x"], dim=dim if dim is not None else
                                                                                list(range(A["x"].dim())),
                                                                                unbiased=unb, keepdim=keep))
                else:
                    f = getattr(torch, op)
                    fn = lambda A, f=f, dim=dim, keep=keep: (f(A["x"]) if dim is None and not keep else
                                                             f(A["x"], dim=dim if dim is not None else
                                                               list(range(A["x"].dim())), keepdim=keep))
                emit(cid, op, fam, attrs, [("x", x)], fn, views=views,
                     notes="out = torch.%s(x, dim=%s, keepdim=%s%s)  (dim null = all dims)" %
                           (op, dim, keep, "" if op != "var" else ", unbiased=%s" % unb), tags=tags)
    # var: large common offset (cancellation) and unbiased on a view
    for unb in (False, True):
        cid = "var_offset100_d1_4x6%s" % ("_unbiased" if unb else "")
        r = rng_for(cid)
        x = f32(randn(r, (4, 6)) + 100.0)
        emit(cid, "var", fam, {"dim": [1], "keepdim": False, "unbiased": unb}, [("x", x)],
             lambda A, unb=unb: torch.var(A["x"], dim=[1], unbiased=unb, keepdim=False),
             notes="out = torch.var(x, dim=[1], unbiased=%s); data = 100 + N(0,1) (cancellation)" % unb,
             tags=["edge:large_offset"])
    cid = "mean_offset_all_100x10"
    r = rng_for(cid)
    x = f32(uniform(r, (100, 10), 0.0, 1.0) + 1000.0)
    emit(cid, "mean", fam, {"dim": None, "keepdim": False}, [("x", x)], lambda A: torch.mean(A["x"]),
         notes="out = torch.mean(x); 1000 values around 1000.5 (accumulation)", tags=["edge:accumulation"])

    # max_all
    for suf, s, views, kind, tags in [
        ("ties_3x4", (3, 4), {}, "ties", ["edge:ties"]),
        ("allequal_2x3", (2, 3), {}, "allequal", ["edge:ties"]),
        ("0d", (), {}, "n", ["edge:0d"]),
        ("neg_5", (5,), {}, "neg", []),
        ("T_ties_4x3", (4, 3), {"x": [["transpose", 0, 1]]}, "ties", ["view", "edge:ties"]),
        ("E_ties_3x1", (3, 1), {"x": [["expand", [3, 4]]]}, "n", ["view", "edge:ties"]),
        ("S_6x5", (6, 5), {"x": [["slice", 0, 1, 6, 2]]}, "ties", ["view", "edge:ties"]),
    ]:
        cid = "max_all_%s" % suf
        r = rng_for(cid)
        x = randn(r, s)
        if kind == "ties":
            m = np.float32(x.max() + 0.5)
            x = x.copy()
            flat = x.reshape(-1)
            flat[r.choice(flat.size, size=3, replace=False)] = m
        elif kind == "allequal":
            x = np.full(s, -1.25, np.float32)
        elif kind == "neg":
            x = f32(-np.abs(x) - 1.0)
        emit(cid, "max_all", fam, {}, [("x", x)], lambda A: torch.max(A["x"]), views=views,
             notes="out = torch.max(x) (0-d). On ties PyTorch splits the gradient EVENLY among all maximal elements.",
             tags=tags)

    # max_dim / argmax with ties
    def tie_tensor(r, s, dim):
        """ties along dim: in each lane, the max value appears at 2+ positions"""
        x = randn(r, s)
        if x.size == 0 or len(s) == 0:
            return x
        xm = np.moveaxis(x, dim, -1).copy()
        n = xm.shape[-1]
        if n >= 2:
            for ix in np.ndindex(*xm.shape[:-1]):
                lane = xm[ix]
                pos = r.choice(n, size=2, replace=False)
                lane[pos] = np.float32(lane.max() + 0.25)
        return f32(np.moveaxis(xm, -1, dim))

    mvariants = [
        ("d1_ties_3x4x5", (3, 4, 5), 1, False, {}, ["edge:ties"]),
        ("dm1_keep_ties_3x4", (3, 4), -1, True, {}, ["edge:ties"]),
        ("d0_0d", (), 0, False, {}, ["edge:0d"]),
        ("dm1_keep_0d", (), -1, True, {}, ["edge:0d"]),
        ("d1_0x3", (0, 3), 1, False, {}, ["edge:zero_length"]),
        ("d0_1x4", (1, 4), 0, False, {}, ["edge:size1"]),
        ("dm2_allequal_3x4", (3, 4), -2, False, {}, ["edge:ties"]),
    ]
    vviews = [
        ("d1_T_ties", (5, 4), 1, False, {"x": [["transpose", 0, 1]]}, ["view", "edge:ties"]),
        ("d0_P_ties", (2, 3, 4), 0, True, {"x": [["permute", [1, 2, 0]]]}, ["view", "edge:ties"]),
        ("dm1_S_ties", (4, 9), -1, False, {"x": [["slice", 1, 0, 9, 2]]}, ["view", "edge:ties"]),
        ("d1_E", (3, 1), 1, False, {"x": [["expand", [3, 4]]]}, ["view", "edge:ties"]),
    ]
    for op in ("max_dim", "argmax"):
        for suf, s, dim, keep, views, tags in mvariants + vviews:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            if "allequal" in suf:
                x = np.full(s, 0.75, np.float32)
            elif "edge:ties" in tags and not views:
                x = tie_tensor(r, s, dim)
            elif "edge:ties" in tags and views and "E" not in suf:
                # ties along the viewed dim: build in view space then invert
                t = torch.tensor(randn(r, s))
                v = t
                for step in views["x"]:
                    v = apply_view(v, step)
                vt = torch.tensor(tie_tensor(r, tuple(v.shape), dim))
                v.copy_(vt)
                x = f32(t.numpy())
            else:
                x = randn(r, s)
            if op == "max_dim":
                emit(cid, op, fam, {"dim": dim, "keepdim": keep}, [("x", x)],
                     lambda A, dim=dim, keep=keep: dict(zip(("out", "indices"), torch.max(A["x"], dim=dim, keepdim=keep))),
                     views=views, notes="out, indices = torch.max(x, dim=%d, keepdim=%s); gradient to the FIRST maximal "
                                        "index (the one returned)" % (dim, keep), tags=tags)
            else:
                emit(cid, op, fam, {"dim": dim, "keepdim": keep}, [("x", x)],
                     lambda A, dim=dim, keep=keep: torch.argmax(A["x"], dim=dim, keepdim=keep), views=views,
                     notes="out = torch.argmax(x, dim=%d, keepdim=%s) -> int64; ties: first occurrence" % (dim, keep),
                     tags=tags)
    for suf, s, keep, views, tags in [
        ("all_ties_3x4", (3, 4), False, {}, ["edge:ties"]),
        ("all_0d", (), False, {}, ["edge:0d"]),
        ("all_T_4x3", (4, 3), False, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("all_P_2x3x4", (2, 3, 4), False, {"x": [["permute", [2, 1, 0]]]}, ["view"]),
        ("all_keep_3x4", (3, 4), True, {}, ["edge:argmax_all_keepdim"]),
    ]:
        cid = "argmax_%s" % suf
        r = rng_for(cid)
        x = randn(r, s)
        if "ties" in suf:
            flat = x.reshape(-1)
            flat[[2, 7, 9]] = np.float32(flat.max() + 1.0)
        emit(cid, "argmax", fam, {"dim": None, "keepdim": keep}, [("x", x)],
             lambda A, keep=keep: torch.argmax(A["x"], dim=None, keepdim=keep), views=views,
             notes="out = torch.argmax(x, dim=None, keepdim=%s) -> int64 index into the flattened (row-major) argument "
                   "(after views); keepdim=True with dim=None gives all-ones shape" % keep, tags=tags)

    # logsumexp
    for suf, s, dim, keep, views, tags, kind in [
        ("d0_3x4x5", (3, 4, 5), 0, False, {}, [], "n"),
        ("dm2_keep_3x4x5", (3, 4, 5), -2, True, {}, ["negdim"], "n"),
        ("d02_3x4x5", (3, 4, 5), [0, 2], False, {}, ["dimlist"], "n"),
        ("d0_0d", (), 0, False, {}, ["edge:0d"], "n"),
        ("dm1_0x3", (0, 3), -1, False, {}, ["edge:zero_length"], "n"),
        ("dm1_extreme_4x5", (4, 5), -1, False, {}, ["edge:extreme_logits"], "ext"),
        ("d0_extreme_T4x5", (4, 5), 0, True, {"x": [["transpose", 0, 1]]}, ["edge:extreme_logits", "view"], "ext"),
        ("dm1_S_4x8", (4, 8), -1, False, {"x": [["slice", 1, 1, 8, 3]]}, ["view"], "n"),
        ("d1_E_3x1", (3, 1), 1, False, {"x": [["expand", [3, 5]]]}, ["view"], "n"),
    ]:
        cid = "logsumexp_%s" % suf
        r = rng_for(cid)
        if kind == "ext":
            x = f32([[1000.0, -1000.0, 0.0, 999.0, 998.5],
                     [-1000.0, -1000.0, -1000.0, -1000.0, -1000.0],
                     [100.0, -100.0, 50.0, -50.0, 0.0],
                     [-1000.0, 1000.0, 1000.0, -999.0, 0.0]])
        else:
            x = randn(r, s, 2.0)
        emit(cid, "logsumexp", fam, {"dim": dim, "keepdim": keep}, [("x", x)],
             lambda A, dim=dim, keep=keep: torch.logsumexp(A["x"], dim=dim, keepdim=keep), views=views,
             notes="out = torch.logsumexp(x, dim=%s, keepdim=%s); grad = upstream * softmax(x, dim)" % (dim, keep),
             tags=tags)


# ----------------------------------------------------------------------------- linalg

def gen_linalg():
    fam = "linalg"
    for suf, sa, sb, views, tags in [
        ("7_7", (7,), (7,), {}, ["1d"]),
        ("4_2x4x3", (4,), (2, 4, 3), {}, ["1d"]),
        ("2x3x4_4", (2, 3, 4), (4,), {}, ["1d"]),
        ("2x1x3x4_1x5x4x2", (2, 1, 3, 4), (1, 5, 4, 2), {}, ["broadcast"]),
        ("3x4_2x2x4x5", (3, 4), (2, 2, 4, 5), {}, ["broadcast"]),
        ("2x2x3x4_4x5", (2, 2, 3, 4), (4, 5), {}, ["broadcast"]),
        ("1x3x4_2x4x2", (1, 3, 4), (2, 4, 2), {}, ["broadcast"]),
        ("0x4_4x3", (0, 4), (4, 3), {}, ["edge:zero_length"]),
        ("3x0_0x4", (3, 0), (0, 4), {}, ["edge:zero_length"]),
        ("2x0x3_3x4", (2, 0, 3), (3, 4), {}, ["edge:zero_length"]),
        ("1x1_1x1", (1, 1), (1, 1), {}, ["edge:size1"]),
        ("T4x3_T5x4", (4, 3), (5, 4), {"a": [["transpose", 0, 1]], "b": [["transpose", 0, 1]]}, ["view"]),
        ("3x4_Tb2x5x4", (3, 4), (2, 5, 4), {"b": [["transpose", -1, -2]]}, ["view", "broadcast"]),
        ("P_2x3x4_4x5", (4, 2, 3), (4, 5), {"a": [["permute", [1, 2, 0]]]}, ["view"]),
        ("S_3x8_4x5", (3, 8), (4, 5), {"a": [["slice", 1, 0, 8, 2]]}, ["view"]),
        ("E_3x4_2x4x5", (1, 3, 4), (2, 4, 5), {"a": [["expand", [2, 3, 4]]]}, ["view"]),
        ("5_S5x12", (5,), (5, 12), {"b": [["slice", 1, 0, 12, 3]]}, ["view", "1d"]),
        ("big_16x64_64x24", (16, 64), (64, 24), {}, ["accumulation"]),
    ]:
        cid = "matmul_%s" % suf
        r = rng_for(cid)
        emit(cid, "matmul", fam, {}, [("a", randn(r, sa)), ("b", randn(r, sb))], lambda A: torch.matmul(A["a"], A["b"]),
             views=views, tol=TOL_ACCUM,
             notes="out = torch.matmul(a, b) (1-D operands promoted and the added dim removed; batch dims broadcast)",
             tags=tags)
    for suf, sx, sw, bias, views, tags in [
        ("2x3x4x6_w5x6", (2, 3, 4, 6), (5, 6), True, {}, []),
        ("6_w3x6", (6,), (3, 6), True, {}, ["1d"]),
        ("6_w3x6_nobias", (6,), (3, 6), False, {}, ["1d"]),
        ("0x6_w3x6", (0, 6), (3, 6), True, {}, ["edge:zero_length"]),
        ("4x0_w3x0", (4, 0), (3, 0), True, {}, ["edge:zero_length"]),
        ("T6x4_w3x6", (6, 4), (3, 6), True, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("4x6_Tw6x3", (4, 6), (6, 3), True, {"weight": [["transpose", 0, 1]]}, ["view"]),
        ("P2x3x5_w4x5_nobias", (5, 2, 3), (4, 5), False, {"x": [["permute", [1, 2, 0]]]}, ["view"]),
        ("E_b", (1, 3, 6), (2, 6), True, {"x": [["expand", [4, 3, 6]]], "bias": [["expand", [2]]]}, ["view"]),
        ("1x1_w1x1", (1, 1), (1, 1), True, {}, ["edge:size1"]),
    ]:
        cid = "linear_%s" % suf
        r = rng_for(cid)
        inputs = [("x", randn(r, sx)), ("weight", randn(r, sw, 0.5))]
        if bias:
            bshape = (1,) if suf == "E_b" else (sw[0] if "Tw" not in suf else sw[1],)
            inputs.append(("bias", randn(r, bshape)))
        emit(cid, "linear", fam, {"bias": bias}, inputs,
             lambda A: F.linear(A["x"], A["weight"], A.get("bias")), views=views, tol=TOL_ACCUM,
             notes="out = torch.nn.functional.linear(x, weight, bias) = x @ weight.T + bias; weight [out, in]",
             tags=tags)


# ----------------------------------------------------------------------------- shape

def gen_shape():
    fam = "shape"

    def one(cid, op, attrs, s, fn, views=None, tags=(), notes=""):
        r = rng_for(cid)
        emit(cid, op, fam, attrs, [("x", randn(r, s))], fn, views=views, notes=notes, tags=list(tags))

    for suf, s, new, views, tags in [
        ("1_to_0d", (1,), [], {}, ["edge:0d"]),
        ("0d_to_1x1", (), [1, 1], {}, ["edge:0d"]),
        ("0d_to_m1", (), [-1], {}, ["edge:0d"]),
        ("0x3_to_3x0x1", (0, 3), [3, 0, 1], {}, ["edge:zero_length"]),
        ("2x3x4_to_m1", (2, 3, 4), [-1], {}, []),
        ("2x3x4_to_2xm1x2", (2, 3, 4), [2, -1, 2], {}, []),
        ("T3x4_to_12", (3, 4), [12], {"x": [["transpose", 0, 1]]}, ["view"]),
        ("P2x3x4_to_6x4", (2, 3, 4), [6, 4], {"x": [["permute", [2, 0, 1]]]}, ["view"]),
        ("S4x6_to_m1", (4, 6), [-1], {"x": [["slice", 1, 0, 6, 2]]}, ["view"]),
        ("E3x1_to_2x6", (3, 1), [2, 6], {"x": [["expand", [3, 4]]]}, ["view"]),
    ]:
        one("reshape_" + suf, "reshape", {"shape": new}, s, lambda A, new=new: A["x"].reshape(new), views, tags,
            "out = x.reshape(%s) (row-major order of the argument after views; -1 inferred)" % new)
    for suf, s, d0, d1, views, tags in [
        ("2x3x4_m1m3", (2, 3, 4), -1, -3, {}, ["negdim"]),
        ("3x4_11", (3, 4), 1, 1, {}, ["noop"]),
        ("0d_00", (), 0, 0, {}, ["edge:0d"]),
        ("0x3_01", (0, 3), 0, 1, {}, ["edge:zero_length"]),
        ("T_2x3x4_12", (2, 3, 4), 1, 2, {"x": [["transpose", 0, 2]]}, ["view"]),
        ("S_5x6_01", (5, 6), 0, 1, {"x": [["slice", 0, 0, 5, 2]]}, ["view"]),
    ]:
        one("transpose_" + suf, "transpose", {"dim0": d0, "dim1": d1}, s,
            lambda A, d0=d0, d1=d1: A["x"].transpose(d0, d1), views, tags, "out = x.transpose(%d, %d)" % (d0, d1))
    for suf, s, dims, views, tags in [
        ("2x3x4_m1_0_1", (2, 3, 4), [-1, 0, 1], {}, ["negdim"]),
        ("2x3_identity", (2, 3), [0, 1], {}, ["noop"]),
        ("0d", (), [], {}, ["edge:0d"]),
        ("2x0x3_210", (2, 0, 3), [2, 1, 0], {}, ["edge:zero_length"]),
        ("T_3x4x2_102", (4, 3, 2), [1, 0, 2], {"x": [["transpose", 0, 1]]}, ["view"]),
        ("E_1x3x2_201", (1, 3, 2), [2, 0, 1], {"x": [["expand", [4, 3, 2]]]}, ["view"]),
    ]:
        one("permute_" + suf, "permute", {"dims": dims}, s, lambda A, dims=dims: A["x"].permute(dims), views, tags,
            "out = x.permute(%s)" % dims)

    def do_slices(t, slices):
        for dim, a, b, st in slices:
            idx = [slice(None)] * t.dim()
            idx[dim] = slice(a, b, st)
            t = t[tuple(idx)]
        return t

    for suf, s, slices, views, tags in [
        ("dm1_1_4_1", (3, 5), [[-1, 1, 4, 1]], {}, ["negdim"]),
        ("d0_2_2_1_empty", (4, 3), [[0, 2, 2, 1]], {}, ["edge:zero_length"]),
        ("d1_0_100_2_overstop", (3, 5), [[1, 0, 100, 2]], {}, ["edge:stop_past_end"]),
        ("d1_1_5_7_bigstep", (3, 5), [[1, 1, 5, 7]], {}, []),
        ("d0_m3_null_1_negstart", (5, 2), [[0, -3, None, 1]], {}, ["edge:negative_index"]),
        ("d1_0_m1_2_negstop", (2, 7), [[1, 0, -1, 2]], {}, ["edge:negative_index"]),
        ("d1_null_null_3", (2, 7), [[1, None, None, 3]], {}, ["edge:null_bounds"]),
        ("same_dim_twice", (10, 3), [[0, 1, 10, 2], [0, 1, 5, 2]], {}, []),
        ("0x6_d1", (0, 6), [[1, 1, 5, 2]], {}, ["edge:zero_length"]),
        ("T_d0", (3, 8), [[0, 1, 7, 3]], {"x": [["transpose", 0, 1]]}, ["view"]),
        ("E_d1", (3, 1), [[1, 0, 5, 2]], {"x": [["expand", [3, 6]]]}, ["view"]),
    ]:
        one("slice_" + suf, "slice", {"slices": slices}, s, lambda A, sl=slices: do_slices(A["x"], sl), views, tags,
            "out = x[...] with attrs.slices = list of [dim, start, stop(exclusive), step] applied in order "
            "(Python slice semantics: negative start/stop count from the end, stop clamps, null = open); "
            "grad is scattered back into zeros of x's shape")

    def multi(cid, op, attrs, shapes, fn, views=None, tags=(), notes=""):
        r = rng_for(cid)
        inputs = [("x%d" % i, randn(r, s)) for i, s in enumerate(shapes)]
        emit(cid, op, fam, attrs, inputs, lambda A, n=len(shapes): fn([A["x%d" % i] for i in range(n)]), views=views,
             notes=notes, tags=list(tags))

    for suf, shapes, dim, views, tags in [
        ("dm1_2x3_2x1_2x4", [(2, 3), (2, 1), (2, 4)], -1, {}, ["negdim"]),
        ("d0_0x3_2x3_0x3", [(0, 3), (2, 3), (0, 3)], 0, {}, ["edge:zero_length"]),
        ("d1_2x0_2x3", [(2, 0), (2, 3)], 1, {}, ["edge:zero_length"]),
        ("d0_single_3x2", [(3, 2)], 0, {}, []),
        ("d0_5_3", [(5,), (3,)], 0, {}, ["1d"]),
        ("d1_T_views", [(3, 2), (2, 4), (6, 2)], 1,
         {"x0": [["transpose", 0, 1]], "x2": [["slice", 0, 0, 6, 3]]}, ["view"]),
        ("d0_E_P", [(1, 3), (3, 2)], 0, {"x0": [["expand", [2, 3]]], "x1": [["permute", [1, 0]]]}, ["view"]),
        ("d2_2x3x1_2x3x2", [(2, 3, 1), (2, 3, 2)], 2, {}, []),
    ]:
        multi("cat_" + suf, "cat", {"dim": dim}, shapes, lambda L, dim=dim: torch.cat(L, dim), views, tags,
              "out = torch.cat([x0, ...], dim=%d)" % dim)
    for suf, shapes, dim, views, tags in [
        ("d0_0d_0d_0d", [(), (), ()], 0, {}, ["edge:0d"]),
        ("dm1_0d_0d", [(), ()], -1, {}, ["edge:0d"]),
        ("d2_2x3_2x3", [(2, 3), (2, 3)], 2, {}, []),
        ("dm3_2x3_2x3", [(2, 3), (2, 3)], -3, {}, ["negdim"]),
        ("d1_0x2_0x2", [(0, 2), (0, 2)], 1, {}, ["edge:zero_length"]),
        ("d1_views", [(3, 2), (2, 6)], 1, {"x0": [["transpose", 0, 1]], "x1": [["slice", 1, 0, 6, 2]]}, ["view"]),
        ("d0_single_4", [(4,)], 0, {}, []),
    ]:
        multi("stack_" + suf, "stack", {"dim": dim}, shapes, lambda L, dim=dim: torch.stack(L, dim), views, tags,
              "out = torch.stack([x0, ...], dim=%d) (new dim at position dim of the OUTPUT)" % dim)
    for suf, s, dim, views, tags in [
        ("3x1x4_d0_noop", (3, 1, 4), 0, {}, ["noop"]),
        ("3x1x4_dm2", (3, 1, 4), -2, {}, ["negdim"]),
        ("1x1x1_all", (1, 1, 1), None, {}, ["edge:0d"]),
        ("0d_all", (), None, {}, ["edge:0d"]),
        ("0d_d0", (), 0, {}, ["edge:0d"]),
        ("0x1x3_all", (0, 1, 3), None, {}, ["edge:zero_length"]),
        ("0x1x3_d0_noop", (0, 1, 3), 0, {}, ["edge:zero_length", "noop"]),
        ("T_3x1_d1", (1, 3), 1, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("E_all", (1, 3, 1), None, {"x": [["expand", [1, 3, 4]]]}, ["view"]),
    ]:
        one("squeeze_" + suf, "squeeze", {"dim": dim}, s,
            lambda A, dim=dim: A["x"].squeeze() if dim is None else A["x"].squeeze(dim), views, tags,
            "out = x.squeeze(%s) (dim null removes every size-1 dim; squeezing a non-1 dim is a no-op)" %
            ("" if dim is None else dim))
    for suf, s, dim, views, tags in [
        ("3x4_d2_end", (3, 4), 2, {}, []),
        ("3x4_dm3_front", (3, 4), -3, {}, ["negdim"]),
        ("3x4_d0", (3, 4), 0, {}, []),
        ("0d_d0", (), 0, {}, ["edge:0d"]),
        ("0d_dm1", (), -1, {}, ["edge:0d"]),
        ("0x3_d1", (0, 3), 1, {}, ["edge:zero_length"]),
        ("T_d1", (3, 4), 1, {"x": [["transpose", 0, 1]]}, ["view"]),
    ]:
        one("unsqueeze_" + suf, "unsqueeze", {"dim": dim}, s, lambda A, dim=dim: A["x"].unsqueeze(dim), views, tags,
            "out = x.unsqueeze(%d) (negative dim counts in the OUTPUT's rank)" % dim)
    for suf, s, size, views, tags in [
        ("3x1_m1x4", (3, 1), [-1, 4], {}, ["minus1"]),
        ("0d_2x3", (), [2, 3], {}, ["edge:0d"]),
        ("1x3_0x3", (1, 3), [0, 3], {}, ["edge:zero_length"]),
        ("2x1_2x1_same", (2, 1), [2, 1], {}, ["noop"]),
        ("1_2x1x3", (1,), [2, 1, 3], {}, []),
        ("1x3_2xm1xm1", (1, 3), [2, -1, -1], {}, ["minus1"]),
        ("T1x3_3x5", (1, 3), [3, 5], {"x": [["transpose", 0, 1]]}, ["view"]),
        ("S_2x4", (2, 8), [3, 2, 4], {"x": [["slice", 1, 0, 8, 2]]}, ["view"]),
    ]:
        one("expand_" + suf, "expand", {"size": size}, s, lambda A, size=size: A["x"].expand(*size), views, tags,
            "out = x.expand(%s) (-1 keeps the size; new leading dims allowed); grad summed over expanded dims" % size)
    for suf, s, sd, ed, views, tags in [
        ("0d", (), 0, -1, {}, ["edge:0d"]),
        ("2x3x4_1_1", (2, 3, 4), 1, 1, {}, ["noop"]),
        ("2x3x4_m2_m1", (2, 3, 4), -2, -1, {}, ["negdim"]),
        ("2x3x4_0_m1", (2, 3, 4), 0, -1, {}, []),
        ("5_0_0", (5,), 0, 0, {}, ["1d"]),
        ("2x0x3_0_1", (2, 0, 3), 0, 1, {}, ["edge:zero_length"]),
        ("T_3x4x2_0_1", (4, 3, 2), 0, 1, {"x": [["transpose", 0, 1]]}, ["view"]),
        ("P_2x3x4_1_2", (4, 2, 3), 1, 2, {"x": [["permute", [1, 2, 0]]]}, ["view"]),
    ]:
        one("flatten_" + suf, "flatten", {"start_dim": sd, "end_dim": ed}, s,
            lambda A, sd=sd, ed=ed: torch.flatten(A["x"], sd, ed), views, tags,
            "out = torch.flatten(x, start_dim=%d, end_dim=%d)" % (sd, ed))
    for suf, s, pad, val, views, tags in [
        ("2x5_m1_m2_crop", (2, 5), [-1, -2], 0.0, {}, ["edge:negative_pad"]),
        ("3x4x5_m1_1_1_m1", (3, 4, 5), [-1, 1, 1, -1], 0.5, {}, ["edge:negative_pad"]),
        ("2x3x4_3dims", (2, 3, 4), [1, 0, 0, 2, 1, 1], -2.0, {}, ["multidim"]),
        ("1x2x3x3_4dims", (1, 2, 3, 3), [1, 1, 0, 1, 2, 0, 1, 0], 0.0, {}, ["multidim"]),
        ("2x5_0_0", (2, 5), [0, 0], 1.0, {}, ["noop"]),
        ("2x3_crop_to_0", (2, 3), [-1, -2], 0.0, {}, ["edge:negative_pad", "edge:zero_length"]),
        ("0x3_1_1_1_1", (0, 3), [1, 1, 1, 1], 2.0, {}, ["edge:zero_length"]),
        ("T_3x4_1_2", (4, 3), [1, 2, -1, 0], 0.25, {"x": [["transpose", 0, 1]]}, ["view", "edge:negative_pad"]),
        ("S_2x4_2_1", (2, 8), [2, 1], -1.0, {"x": [["slice", 1, 1, 8, 2]]}, ["view"]),
        ("3_1_1", (3,), [1, 1], 0.0, {}, ["1d"]),
    ]:
        one("pad_" + suf, "pad", {"pad": pad, "mode": "constant", "value": val}, s,
            lambda A, pad=pad, val=val: F.pad(A["x"], tuple(pad), mode="constant", value=val), views, tags,
            "out = torch.nn.functional.pad(x, %s, mode='constant', value=%s); the pad tuple starts at the LAST dim; "
            "negative entries crop" % (tuple(pad), val))


# ----------------------------------------------------------------------------- losses

def gen_loss():
    fam = "loss"
    regs = {
        "mse_loss": (lambda i, t, **k: F.mse_loss(i, t, **k), {}),
        "l1_loss": (lambda i, t, **k: F.l1_loss(i, t, **k), {}),
        "huber_loss": (lambda i, t, **k: F.huber_loss(i, t, **k), {"delta": 0.5}),
        "smooth_l1_loss": (lambda i, t, **k: F.smooth_l1_loss(i, t, **k), {"beta": 0.5}),
    }
    for op, (f, extra) in regs.items():
        vv = [
            ("none_3x4", (3, 4), "none", {}, []),
            ("sum_2x3x4", (2, 3, 4), "sum", {}, []),
            ("mean_0d", (), "mean", {}, ["edge:0d"]),
            ("none_0d", (), "none", {}, ["edge:0d"]),
            ("sum_0x3", (0, 3), "sum", {}, ["edge:zero_length"]),
            ("none_0x3", (0, 3), "none", {}, ["edge:zero_length"]),
            ("mean_T4x3", (4, 3), "mean", {"input": [["transpose", 0, 1]]}, ["view"]),
            ("mean_ties_3x4", (3, 4), "mean", {}, ["edge:kink"]),
            ("mean_E_S", (3, 1), "mean", {"input": [["expand", [3, 4]]], "target": [["slice", 1, 0, 8, 2]]}, ["view"]),
        ]
        for suf, s, red, views, tags in vv:
            cid = "%s_%s" % (op, suf)
            r = rng_for(cid)
            inp = randn(r, s)
            tgt = randn(r, (3, 8)) if "E_S" in suf else randn(r, s[::-1] if "T4x3" in suf else s)
            if "ties" in suf:
                tgt = tgt.copy()
                tgt.reshape(-1)[::3] = inp.reshape(-1)[::3]  # d == 0 exactly
                if op in ("huber_loss", "smooth_l1_loss"):  # |d| == 0.5 exactly on some
                    inp = inp.copy()
                    inp.reshape(-1)[1::3] = tgt.reshape(-1)[1::3] + np.float32(0.5)
                    inp = f32(inp)
            attrs = dict(extra)
            attrs["reduction"] = red
            emit(cid, op, fam, attrs, [("input", inp), ("target", tgt)],
                 lambda A, f=f, k=attrs: f(A["input"], A["target"], **k), views=views,
                 notes="out = torch.nn.functional.%s(input, target, %s)" % (op, ", ".join("%s=%r" % kv for kv in attrs.items())),
                 tags=tags)
    for op, pname in (("huber_loss", "delta"), ("smooth_l1_loss", "beta")):
        for pv in ([2.0, 1.5] if op == "huber_loss" else [2.0, 0.0]):
            cid = "%s_%s%s_mean_4x5" % (op, pname[0], fmt(pv))
            r = rng_for(cid)
            attrs = {pname: pv, "reduction": "mean"}
            f = regs[op][0]
            emit(cid, op, fam, attrs, [("input", randn(r, (4, 5), 2.0)), ("target", randn(r, (4, 5), 2.0))],
                 lambda A, f=f, k=attrs: f(A["input"], A["target"], **k),
                 notes="out = torch.nn.functional.%s(input, target, %s=%s)%s" %
                       (op, pname, pv, " (beta=0 is pure L1)" if pv == 0 else ""),
                 tags=["edge:beta0"] if pv == 0 else [])

    # binary_cross_entropy
    for suf, s, red, kind, views, tags in [
        ("none_3x4", (3, 4), "none", "n", {}, []),
        ("sum_2x3x4", (2, 3, 4), "sum", "n", {}, []),
        ("mean_0d", (), "mean", "n", {}, ["edge:0d"]),
        ("sum_0x3", (0, 3), "sum", "n", {}, ["edge:zero_length"]),
        ("mean_T4x3", (4, 3), "mean", "n", {"input": [["transpose", 0, 1]]}, ["view"]),
        ("mean_tiny_probs_3x4", (3, 4), "mean", "tiny", {}, ["edge:extreme"]),
        ("sum_saturated_match_2x3", (2, 3), "sum", "sat_match", {}, ["edge:saturated"]),
        ("mean_saturated_mismatch_2x3", (2, 3), "mean", "sat_mis", {}, ["edge:saturated"]),
    ]:
        cid = "binary_cross_entropy_%s" % suf
        r = rng_for(cid)
        inp = uniform(r, s, 0.02, 0.98)
        ts = (3, 4) if "T4x3" in suf else s
        tgt = f32(r.integers(0, 2, size=ts)) if "none" in suf or "sum_2" in suf else uniform(r, ts, 0.0, 1.0)
        if kind == "tiny":
            inp = f32([[1e-30, 1e-10, 1e-6, 0.5], [1 - 1e-6, 1 - 1e-7, 1e-20, 0.3], [1e-44, 0.999, 0.001, 0.7]])
            tgt = f32(r.integers(0, 2, size=s))
        elif kind == "sat_match":
            inp = f32([[0.0, 1.0, 0.0], [1.0, 0.25, 0.0]])
            tgt = f32([[0.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
        elif kind == "sat_mis":
            inp = f32([[0.0, 1.0, 0.5], [1.0, 0.25, 0.0]])
            tgt = f32([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]])
        emit(cid, "binary_cross_entropy", fam, {"reduction": red}, [("input", inp), ("target", tgt)],
             lambda A, red=red: F.binary_cross_entropy(A["input"], A["target"], reduction=red), rg=["input"],
             views=views, notes="out = torch.nn.functional.binary_cross_entropy(input, target, reduction='%s'); logs "
                                "clamped at -100; PyTorch's backward is (p - t) / max(p*(1-p), 1e-12)" % red, tags=tags)

    # bce with logits
    ext = [-1000.0, -200.0, -100.0, -30.0, -5.0, 0.0, 5.0, 30.0, 100.0, 200.0, 1000.0, 1.5]
    for suf, s, red, pw, kind, views, tags in [
        ("extreme_mean_3x4", (3, 4), "mean", False, "ext", {}, ["edge:extreme_logits"]),
        ("extreme_posweight_none_3x4", (3, 4), "none", True, "ext", {}, ["edge:extreme_logits"]),
        ("sum_2x3x4_posweight", (2, 3, 4), "sum", True, "n", {}, []),
        ("mean_0d", (), "mean", False, "n", {}, ["edge:0d"]),
        ("sum_0x4", (0, 4), "sum", False, "n", {}, ["edge:zero_length"]),
        ("mean_T5x3", (5, 3), "mean", False, "n", {"input": [["transpose", 0, 1]]}, ["view"]),
        ("none_soft_2x5", (2, 5), "none", False, "soft", {}, []),
    ]:
        cid = "bce_with_logits_%s" % suf
        r = rng_for(cid)
        inp = f32(ext).reshape(3, 4) if kind == "ext" else randn(r, s, 3.0)
        tshape = (3, 5) if "T5x3" in suf else s
        tgt = uniform(r, tshape, 0, 1) if kind == "soft" else f32(r.integers(0, 2, size=tshape))
        inputs = [("input", inp), ("target", tgt)]
        if pw:
            inputs.append(("pos_weight", uniform(r, (s[-1],), 0.5, 3.0)))
        emit(cid, "binary_cross_entropy_with_logits", fam, {"reduction": red, "pos_weight": pw}, inputs,
             lambda A, red=red: F.binary_cross_entropy_with_logits(A["input"], A["target"], pos_weight=A.get("pos_weight"),
                                                                   reduction=red),
             rg=["input"], views=views,
             notes="out = torch.nn.functional.binary_cross_entropy_with_logits(input, target, pos_weight=%s, "
                   "reduction='%s'); pos_weight broadcast over the last dim" % ("pos_weight" if pw else None, red),
             tags=tags)

    # cross_entropy
    def ce_case(cid, x, tgt, red="mean", ls=0.0, ii=-100, views=None, tags=(), tviews=None):
        v = dict(views or {})
        if tviews:
            v["target"] = tviews
        emit(cid, "cross_entropy", fam, {"reduction": red, "label_smoothing": ls, "ignore_index": ii},
             [("input", x), ("target", tgt)],
             lambda A: F.cross_entropy(A["input"], A["target"], reduction=red, label_smoothing=ls, ignore_index=ii),
             rg=["input"], views=v,
             notes="out = torch.nn.functional.cross_entropy(input, target, reduction='%s', label_smoothing=%s, "
                   "ignore_index=%d); class dim 1; ignored positions excluded from the mean's denominator and from "
                   "the smoothing term" % (red, ls, ii), tags=list(tags))

    r = rng_for("ce")
    ce_case("cross_entropy_ls0p2_ignore_mean_6x5", randn(r, (6, 5), 2.0), i64([1, -100, 4, 0, -100, 2]), ls=0.2,
            tags=["ignore_index", "label_smoothing"])
    ce_case("cross_entropy_ls0p1_ignore2_sum_6x4", randn(r, (6, 4), 2.0), i64([2, 1, 2, 0, 3, 3]), red="sum", ls=0.1,
            ii=2, tags=["ignore_index", "label_smoothing"])
    ce_case("cross_entropy_ls0p3_ignore_none_5x4", randn(r, (5, 4), 2.0), i64([0, -100, 3, 1, 2]), red="none", ls=0.3,
            tags=["ignore_index", "label_smoothing"])
    ce_case("cross_entropy_ignore_none_5x4", randn(r, (5, 4), 2.0), i64([0, -100, 3, -100, 2]), red="none",
            tags=["ignore_index"])
    ce_case("cross_entropy_ls0p1_NCT_ignore_2x4x3", randn(r, (2, 4, 3), 2.0), i64([[1, -100, 3], [0, 2, -100]]), ls=0.1,
            tags=["ignore_index", "label_smoothing"])
    ce_case("cross_entropy_NCHW_2x3x2x2", randn(r, (2, 3, 2, 2), 2.0), i64(r.integers(0, 3, size=(2, 2, 2))),
            tags=["4d"])
    ce_case("cross_entropy_NCHW_ls0p25_sum_2x3x2x2", randn(r, (2, 3, 2, 2), 2.0), i64(r.integers(0, 3, size=(2, 2, 2))),
            red="sum", ls=0.25, tags=["4d", "label_smoothing"])
    xe = f32([[1000.0, -1000.0, 0.0, 999.0], [-1000.0, -1000.0, -1000.0, -1000.0], [100.0, -100.0, 50.0, -50.0],
              [-1000.0, 1000.0, 1000.0, 0.0], [0.0, 0.0, 1000.0, -1000.0]])
    ce_case("cross_entropy_extreme_mean_5x4", xe, i64([1, 2, 0, 2, 0]), tags=["edge:extreme_logits"])
    ce_case("cross_entropy_extreme_ls0p1_ignore_5x4", xe, i64([1, 2, -100, 0, 3]), ls=0.1,
            tags=["edge:extreme_logits", "ignore_index", "label_smoothing"])
    ce_case("cross_entropy_unbatched_5", randn(r, (5,), 2.0), i64(3), tags=["edge:0d", "unbatched"])
    ce_case("cross_entropy_unbatched_ls0p1_sum_4", randn(r, (4,), 2.0), i64(1), red="sum", ls=0.1,
            tags=["edge:0d", "unbatched"])
    ce_case("cross_entropy_NTC_permuted_2x3x4", randn(r, (2, 3, 4), 2.0), i64(r.integers(0, 4, size=(2, 3))),
            views={"input": [["permute", [0, 2, 1]]]}, tags=["view"])
    ce_case("cross_entropy_T_5x4", randn(r, (4, 5), 2.0), i64(r.integers(0, 4, size=(5,))),
            views={"input": [["transpose", 0, 1]]}, tags=["view"])
    ce_case("cross_entropy_sum_0x4", randn(r, (0, 4)), i64(np.zeros((0,))), red="sum", tags=["edge:zero_length"])
    ce_case("cross_entropy_none_0x4", randn(r, (0, 4)), i64(np.zeros((0,))), red="none", tags=["edge:zero_length"])
    ce_case("cross_entropy_1class_3x1", randn(r, (3, 1)), i64([0, 0, 0]), ls=0.1, tags=["edge:size1"])
    ce_case("cross_entropy_target_view_2x4x3", randn(r, (2, 4, 3), 2.0), i64(r.integers(0, 4, size=(3, 2))),
            tviews=[["transpose", 0, 1]], tags=["view"])

    # nll_loss
    def nll_case(cid, x, tgt, attrs, views=None, tags=()):
        k = dict(attrs)
        emit(cid, "nll_loss", fam, attrs, [("input", x), ("target", tgt)],
             lambda A: F.nll_loss(A["input"].contiguous(), A["target"], **k), rg=["input"], views=views or {},
             notes="out = torch.nn.functional.nll_loss(input, target, %s) (ignore_index default -100)" %
                   ", ".join("%s=%r" % kv for kv in attrs.items()), tags=list(tags))

    r = rng_for("nll")
    lp = lambda s: f32(torch.log_softmax(torch.tensor(randn(r, s, 2.0), dtype=torch.float64), 1).numpy())
    nll_case("nll_loss_sum_5x4", lp((5, 4)), i64(r.integers(0, 4, size=5)), {"reduction": "sum"})
    nll_case("nll_loss_none_5x4", lp((5, 4)), i64(r.integers(0, 4, size=5)), {"reduction": "none"})
    nll_case("nll_loss_default_ignore_mean_6x4", lp((6, 4)), i64([0, -100, 3, 2, -100, 1]), {"reduction": "mean"},
             tags=["ignore_index"])
    nll_case("nll_loss_ignore1_mean_6x4", lp((6, 4)), i64([0, 1, 3, 1, 2, 1]), {"reduction": "mean", "ignore_index": 1},
             tags=["ignore_index"])
    nll_case("nll_loss_ignore_none_2x4x3", lp((2, 4, 3)), i64([[0, -100, 3], [1, 2, -100]]),
             {"reduction": "none", "ignore_index": -100}, tags=["ignore_index"])
    nll_case("nll_loss_NCHW_2x3x2x2", lp((2, 3, 2, 2)), i64(r.integers(0, 3, size=(2, 2, 2))), {"reduction": "mean"},
             tags=["4d"])
    nll_case("nll_loss_unbatched_5", randn(r, (5,)), i64(2), {"reduction": "mean"}, tags=["edge:0d", "unbatched"])
    nll_case("nll_loss_T_5x4", randn(r, (4, 5)), i64(r.integers(0, 4, size=5)), {"reduction": "mean"},
             views={"input": [["transpose", 0, 1]]}, tags=["view"])
    nll_case("nll_loss_sum_0x3", randn(r, (0, 3)), i64(np.zeros((0,))), {"reduction": "sum"}, tags=["edge:zero_length"])


# ----------------------------------------------------------------------------- norms

def gen_nn():
    fam = "nn"

    def bn(cid, s, training, momentum=0.1, eps=1e-5, views=None, loc=0.0, scale=1.0, tags=()):
        r = rng_for(cid)
        x = randn(r, s, scale, loc)
        xv = torch.tensor(x)
        for step in (views or {}).get("x", []):
            xv = apply_view(xv, step)
        C = xv.shape[1]
        inputs = [("x", x), ("weight", uniform(r, (C,), 0.5, 1.5)), ("bias", randn(r, (C,), 0.5)),
                  ("running_mean", randn(r, (C,), 0.5)), ("running_var", uniform(r, (C,), 0.5, 2.0))]

        def fn(A):
            rm, rv = A["running_mean"].clone(), A["running_var"].clone()
            out = F.batch_norm(A["x"], rm, rv, A["weight"], A["bias"], training=training, momentum=momentum, eps=eps)
            return {"out": out, "running_mean_out": rm, "running_var_out": rv} if training else {"out": out}

        emit(cid, "batch_norm", fam, {"training": training, "momentum": momentum, "eps": eps}, inputs, fn,
             rg=["x", "weight", "bias"], views=views, tol=TOL_ACCUM,
             notes="out = torch.nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training=%s, "
                   "momentum=%s, eps=%s); channel dim 1; training normalises with the biased variance and updates "
                   "running_var with the unbiased one" % (training, momentum, eps), tags=list(tags))

    bn("batch_norm_train_m0p3_2x3x5", (2, 3, 5), True, momentum=0.3)
    bn("batch_norm_train_n2_2x3", (2, 3), True, tags=["edge:small_batch"])
    bn("batch_norm_train_N1_1x2x3x3", (1, 2, 3, 3), True, tags=["edge:small_batch"])
    bn("batch_norm_train_eps1em3_4x3x2x2", (4, 3, 2, 2), True, eps=1e-3)
    bn("batch_norm_train_NHWC_permuted_2x3x4x4", (2, 4, 4, 3), True, views={"x": [["permute", [0, 3, 1, 2]]]},
       tags=["view"])
    bn("batch_norm_train_T_5x4", (4, 5), True, views={"x": [["transpose", 0, 1]]}, tags=["view"])
    bn("batch_norm_train_offset_8x3", (8, 3), True, loc=50.0, scale=0.5, tags=["edge:large_offset"])
    bn("batch_norm_eval_2x3x5", (2, 3, 5), False)
    bn("batch_norm_eval_T_3x4", (4, 3), False, views={"x": [["transpose", 0, 1]]}, tags=["view"])
    bn("batch_norm_train_L1_4x3x1", (4, 3, 1), True, tags=["edge:size1"])

    def ln(cid, s, ns, affine=True, eps=1e-5, views=None, loc=0.0, scale=1.0, tags=()):
        r = rng_for(cid)
        inputs = [("x", randn(r, s, scale, loc))]
        if affine:
            inputs += [("weight", uniform(r, tuple(ns), 0.5, 1.5)), ("bias", randn(r, tuple(ns), 0.5))]
        emit(cid, "layer_norm", fam, {"normalized_shape": ns, "eps": eps, "affine": affine}, inputs,
             lambda A: F.layer_norm(A["x"], ns, A.get("weight"), A.get("bias"), eps=eps), views=views, tol=TOL_ACCUM,
             notes="out = torch.nn.functional.layer_norm(x, %s, weight, bias, eps=%s); biased variance over the last "
                   "%d dim(s)%s" % (ns, eps, len(ns), "" if affine else " (no affine)"), tags=list(tags))

    ln("layer_norm_2x3x4_n3x4", (2, 3, 4), [3, 4])
    ln("layer_norm_5_n5", (5,), [5], tags=["1d"])
    ln("layer_norm_2x3x4_n2x3x4_noaffine", (2, 3, 4), [2, 3, 4], affine=False)
    ln("layer_norm_eps1em3_3x6_n6", (3, 6), [6], eps=1e-3)
    ln("layer_norm_T_4x6_n6", (6, 4), [6], views={"x": [["transpose", 0, 1]]}, tags=["view"])
    ln("layer_norm_P_2x3x5_n5", (5, 2, 3), [5], views={"x": [["permute", [1, 2, 0]]]}, tags=["view"])
    ln("layer_norm_offset_4x8_n8", (4, 8), [8], loc=20.0, scale=0.5, tags=["edge:large_offset"])
    ln("layer_norm_n1_3x1", (3, 1), [1], tags=["edge:size1"])
    ln("layer_norm_0x4_n4", (0, 4), [4], tags=["edge:zero_length"])



# ----------------------------------------------------------------------------- random sweep
# Random shapes (rank 0..4, size-1 and zero-length dims), random broadcasting and random view chains
# (transpose / permute / slice with step / expand) on the inputs: "same ops, other shapes and seeds".

def rand_shape(r, rmin=0, rmax=4, allow0=True, cap=400):
    while True:
        rank = int(r.integers(rmin, rmax + 1))
        dims = []
        for _ in range(rank):
            u = r.random()
            dims.append(0 if (allow0 and u < 0.06) else 1 if u < 0.22 else int(r.integers(2, 7)))
        if int(np.prod(dims)) <= cap:
            return tuple(dims)


def make_view(r, S, depth=None, allow_expand=True):
    """A base shape and a view chain (applied base -> S) that produces shape S."""
    S = tuple(S)
    if depth is None:
        depth = int(r.choice([0, 1, 1, 2]))
    chain = []
    cur = S
    for _ in range(depth):
        if len(cur) == 0:
            break
        kinds = ["transpose", "permute", "slice"] + (["expand"] if allow_expand else [])
        k = kinds[int(r.integers(len(kinds)))]
        n = len(cur)
        if k == "transpose":
            i, j = int(r.integers(n)), int(r.integers(n))
            base = list(cur)
            base[i], base[j] = cur[j], cur[i]
            step = ["transpose", i - n if r.random() < 0.3 else i, j]
        elif k == "permute":
            p = [int(v) for v in r.permutation(n)]
            base = [0] * n
            for a, pa in enumerate(p):
                base[pa] = cur[a]
            step = ["permute", p]
        elif k == "slice":
            d = int(r.integers(n))
            st = int(r.choice([1, 2, 3]))
            start = int(r.integers(0, 3))
            length = cur[d]
            stop = start + (length - 1) * st + 1 if length > 0 else start
            base = list(cur)
            base[d] = stop + int(r.integers(0, 3))
            step = ["slice", d, start, stop, st]
        else:  # expand: some dims become 1 in the base, maybe drop leading dims
            lead = int(r.integers(0, min(2, n) + 1)) if n > 0 else 0
            base = [1 if (cur[i] != 0 and r.random() < 0.5) else cur[i] for i in range(lead, n)]
            step = ["expand", list(cur)]
        chain.insert(0, step)
        cur = tuple(base)
    return cur, chain


def bcast_operand(r, S):
    """a shape that broadcasts to S: drop some leading dims, set some dims to 1"""
    lead = int(r.integers(0, len(S) + 1)) if r.random() < 0.4 else 0
    return tuple(1 if (r.random() < 0.3) else d for d in S[lead:])


def gen_sweep(n):
    fam_of = {}

    def vw(r, stem, S, views, **k):
        base, chain = make_view(r, S, **k)
        if chain:
            views[stem] = chain
        return base

    for i in range(n):
        # binary elementwise
        for op in ("add", "sub", "mul", "div", "maximum", "minimum"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r)
            sa, sb = bcast_operand(r, S), bcast_operand(r, S)
            if r.random() < 0.5:
                sa, sb = sb, sa
            views = {}
            ba, bb = vw(r, "a", sa, views), vw(r, "b", sb, views)
            a = randn(r, ba)
            b = away(r, bb) if op == "div" else randn(r, bb)
            if op in ("maximum", "minimum") and a.size and b.size and r.random() < 0.5:
                b = with_values(b, r, a.reshape(-1)[:3], 0.5)  # some exact ties (value-wise)
            f = getattr(torch, op)
            emit(cid, op, "elementwise", {}, [("a", a), ("b", b)], lambda A, f=f: f(A["a"], A["b"]), views=views,
                 notes="out = torch.%s(a, b) (broadcasting, after views)" % op, tags=["sweep"])
        # scalar binary
        for op in ("add", "sub", "mul", "div"):
            cid = "sweep_%s_scalar_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r)
            views = {}
            bx = vw(r, "x", S, views)
            sv = float(r.choice([-2.0, -0.5, 0.25, 1.5, 3.0]))
            first = bool(r.random() < 0.5)
            x = away(r, bx) if (op == "div" and first) else randn(r, bx)
            f = getattr(torch, op)
            fn = (lambda A, f=f, sv=sv: f(torch.tensor(sv, dtype=A["x"].dtype), A["x"])) if first else \
                (lambda A, f=f, sv=sv: f(A["x"], torch.tensor(sv, dtype=A["x"].dtype)))
            emit(cid, op, "elementwise", {"scalar": sv, "scalar_first": first}, [("x", x)], fn, views=views,
                 notes="python scalar operand %s (scalar_first=%s)" % (sv, first), tags=["sweep"])
        # unary elementwise + activations
        unary = [
            ("neg", "elementwise", {}, lambda x: -x, "n"),
            ("exp", "elementwise", {}, torch.exp, "n"),
            ("log", "elementwise", {}, torch.log, "pos"),
            ("sqrt", "elementwise", {}, torch.sqrt, "pos"),
            ("abs", "elementwise", {}, torch.abs, "z"),
            ("relu", "activation", {}, F.relu, "z"),
            ("sigmoid", "activation", {}, torch.sigmoid, "w"),
            ("tanh", "activation", {}, torch.tanh, "w"),
        ]
        for op, fam, attrs, f, kind in unary:
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r)
            views = {}
            bx = vw(r, "x", S, views)
            x = uniform(r, bx, 0.05, 5.0) if kind == "pos" else randn(r, bx, 4.0 if kind == "w" else 1.5)
            if kind == "z":
                x = with_values(x, r, [0.0], 0.2)
            emit(cid, op, fam, attrs, [("x", x)], lambda A, f=f: f(A["x"]), views=views, notes="out = %s(x)" % op,
                 tags=["sweep"])
        # parametrised unary
        cid = "sweep_pow_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        views = {}
        bx = vw(r, "x", S, views)
        e = float(r.choice([2.0, 3.0, -1.0, 0.5, 1.5, -0.5, 4.0]))
        x = randn(r, bx) if e in (2.0, 3.0, 4.0) else uniform(r, bx, 0.2, 3.0)
        emit(cid, "pow", "elementwise", {"exponent": e}, [("x", x)], lambda A, e=e: torch.pow(A["x"], e), views=views,
             notes="out = torch.pow(x, %s)" % e, tags=["sweep"])
        cid = "sweep_clamp_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        views = {}
        bx = vw(r, "x", S, views)
        mode = int(r.integers(3))
        mn = None if mode == 2 else float(r.choice([-1.0, -0.5, 0.0]))
        mx = None if mode == 1 else float(r.choice([0.25, 0.5, 1.0]))
        attrs = {}
        if mn is not None:
            attrs["min"] = mn
        if mx is not None:
            attrs["max"] = mx
        x = with_values(randn(r, bx), r, [v for v in (mn, mx) if v is not None], 0.2)
        emit(cid, "clamp", "elementwise", attrs, [("x", x)], lambda A, mn=mn, mx=mx: torch.clamp(A["x"], mn, mx),
             views=views, notes="out = torch.clamp(x, min=%s, max=%s)" % (mn, mx), tags=["sweep"])
        for op, attrs, f in [
            ("leaky_relu", {"negative_slope": 0.05}, lambda x: F.leaky_relu(x, 0.05)),
            ("elu", {"alpha": 0.75}, lambda x: F.elu(x, 0.75)),
            ("softplus", {"beta": 1.5, "threshold": 5.0}, lambda x: F.softplus(x, 1.5, 5.0)),
            ("gelu", {"approximate": "none" if i % 2 == 0 else "tanh"},
             (lambda x: F.gelu(x, approximate="none")) if i % 2 == 0 else (lambda x: F.gelu(x, approximate="tanh"))),
        ]:
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r)
            views = {}
            bx = vw(r, "x", S, views)
            x = with_values(randn(r, bx, 3.0), r, [0.0], 0.1)
            emit(cid, op, "activation", attrs, [("x", x)], lambda A, f=f: f(A["x"]), views=views,
                 notes="out = %s(x, %s)" % (op, attrs), tags=["sweep"])
        # where / masked_fill
        cid = "sweep_where_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        views = {}
        sc, sx, sy = bcast_operand(r, S), bcast_operand(r, S), bcast_operand(r, S)
        bc, bx, by = vw(r, "cond", sc, views), vw(r, "x", sx, views), vw(r, "y", sy, views)
        emit(cid, "where", "elementwise", {}, [("cond", i64(r.integers(0, 2, size=bc))), ("x", randn(r, bx)),
                                               ("y", randn(r, by))],
             lambda A: torch.where(A["cond"].bool(), A["x"], A["y"]), views=views,
             notes="out = torch.where(cond.bool(), x, y)", tags=["sweep"])
        cid = "sweep_masked_fill_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        views = {}
        bx, bm = vw(r, "x", S, views), vw(r, "mask", bcast_operand(r, S), views)
        val = float(r.choice([-1e4, -1.5, 0.0, 2.0]))
        emit(cid, "masked_fill", "elementwise", {"value": val}, [("x", randn(r, bx)), ("mask", i64(r.integers(0, 2, size=bm)))],
             lambda A, val=val: A["x"].masked_fill(A["mask"].bool(), val), views=views,
             notes="out = x.masked_fill(mask.bool(), %s)" % val, tags=["sweep"])
        # softmax / log_softmax / logsumexp
        for op in ("softmax", "log_softmax", "logsumexp"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r, rmin=0)
            n = len(S)
            dim = int(r.integers(-max(n, 1), max(n, 1)))
            views = {}
            bx = vw(r, "x", S, views)
            x = randn(r, bx, float(r.choice([1.0, 5.0, 50.0])))
            if op == "logsumexp":
                if n and S[dim] == 0:
                    continue
                keep = bool(r.random() < 0.5)
                emit(cid, op, "reduction", {"dim": dim, "keepdim": keep}, [("x", x)],
                     lambda A, dim=dim, keep=keep: torch.logsumexp(A["x"], dim, keep), views=views,
                     notes="out = torch.logsumexp(x, dim=%d, keepdim=%s)" % (dim, keep), tags=["sweep"])
            else:
                f = getattr(torch, op)
                emit(cid, op, "activation", {"dim": dim}, [("x", x)], lambda A, f=f, dim=dim: f(A["x"], dim), views=views,
                     notes="out = torch.%s(x, dim=%d)" % (op, dim), tags=["sweep"])
        # sum / mean / var
        for op in ("sum", "mean", "var"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r, allow0=(op == "sum"))
            n = len(S)
            if n == 0 or r.random() < 0.2:
                dim = None
            else:
                k = int(r.integers(1, n + 1))
                dim = [int(d) - (n if r.random() < 0.3 else 0) for d in r.choice(n, size=k, replace=False)]
            keep = bool(r.random() < 0.5)
            unb = bool(r.random() < 0.5)
            if op == "var":
                cnt = int(np.prod([S[d] for d in dim])) if dim is not None else int(np.prod(S))
                if unb and cnt <= 1:
                    unb = False
            views = {}
            bx = vw(r, "x", S, views)
            x = randn(r, bx)
            attrs = {"dim": dim, "keepdim": keep}
            if op == "var":
                attrs["unbiased"] = unb
            alld = lambda t, dim=dim: dim if dim is not None else list(range(t.dim()))
            if op == "var":
                fn = lambda A, keep=keep, unb=unb, alld=alld: (torch.var(A["x"], unbiased=unb) if (dim is None and not keep)
                                                               else torch.var(A["x"], dim=alld(A["x"]), unbiased=unb,
                                                                              keepdim=keep))
            else:
                f = getattr(torch, op)
                fn = lambda A, f=f, keep=keep, alld=alld, dim=dim: (f(A["x"]) if (dim is None and not keep)
                                                                    else f(A["x"], dim=alld(A["x"]), keepdim=keep))
            if dim is None and keep and n == 0:
                fn = (lambda A, f=getattr(torch, op): f(A["x"])) if op != "var" else (lambda A, unb=unb: torch.var(A["x"], unbiased=unb))
            emit(cid, op, "reduction", attrs, [("x", x)], fn, views=views,
                 notes="out = torch.%s(x, dim=%s, keepdim=%s%s)" % (op, dim, keep, "" if op != "var" else ", unbiased=%s" % unb),
                 tags=["sweep"])
        # max_all / max_dim / argmax
        for op in ("max_all", "max_dim", "argmax"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r, allow0=False)
            n = len(S)
            views = {}
            bx = vw(r, "x", S, views)
            x = f32(r.integers(-3, 4, size=bx) * 0.5) if r.random() < 0.5 else randn(r, bx)  # many exact ties
            if op == "max_all":
                emit(cid, op, "reduction", {}, [("x", x)], lambda A: torch.max(A["x"]), views=views,
                     notes="out = torch.max(x); ties split evenly", tags=["sweep"])
                continue
            dim = int(r.integers(-max(n, 1), max(n, 1)))
            keep = bool(r.random() < 0.5)
            if op == "max_dim":
                emit(cid, op, "reduction", {"dim": dim, "keepdim": keep}, [("x", x)],
                     lambda A, dim=dim, keep=keep: dict(zip(("out", "indices"), torch.max(A["x"], dim, keep))),
                     views=views, notes="out, indices = torch.max(x, dim=%d, keepdim=%s); first max" % (dim, keep),
                     tags=["sweep"])
            else:
                d = None if r.random() < 0.25 else dim
                k2 = keep if d is not None else False
                emit(cid, op, "reduction", {"dim": d, "keepdim": k2}, [("x", x)],
                     lambda A, d=d, k2=k2: torch.argmax(A["x"], dim=d, keepdim=k2), views=views,
                     notes="out = torch.argmax(x, dim=%s, keepdim=%s); first max" % (d, k2), tags=["sweep"])
        # matmul / linear
        cid = "sweep_matmul_%02d" % i
        r = rng_for(cid)
        m, k, nn_ = [int(v) for v in r.integers(1, 7, size=3)]
        kind = int(r.integers(6))
        if kind == 0:
            sa, sb = (k,), (k,)
        elif kind == 1:
            sa, sb = (k,), rand_shape(r, 0, 2, cap=20) + (k, nn_)
        elif kind == 2:
            sa, sb = rand_shape(r, 0, 2, cap=20) + (m, k), (k,)
        else:
            bs = rand_shape(r, 0, 2, allow0=False, cap=12)
            sa = bcast_operand(r, bs) + (m, k)
            sb = bcast_operand(r, bs) + (k, nn_)
            if r.random() < 0.5:
                sa, sb = sa[len(sa) - 2:] if r.random() < 0.3 else sa, sb
        views = {}
        ba, bb = vw(r, "a", sa, views), vw(r, "b", sb, views)
        emit(cid, "matmul", "linalg", {}, [("a", randn(r, ba)), ("b", randn(r, bb))],
             lambda A: torch.matmul(A["a"], A["b"]), views=views, tol=TOL_ACCUM, notes="out = torch.matmul(a, b)",
             tags=["sweep"])
        cid = "sweep_linear_%02d" % i
        r = rng_for(cid)
        fin, fout = [int(v) for v in r.integers(1, 7, size=2)]
        sx = rand_shape(r, 0, 3, cap=30) + (fin,)
        bias = bool(r.random() < 0.6)
        views = {}
        bx, bw = vw(r, "x", sx, views), vw(r, "weight", (fout, fin), views)
        inputs = [("x", randn(r, bx)), ("weight", randn(r, bw, 0.5))]
        if bias:
            inputs.append(("bias", randn(r, vw(r, "bias", (fout,), views))))
        emit(cid, "linear", "linalg", {"bias": bias}, inputs, lambda A: F.linear(A["x"], A["weight"], A.get("bias")),
             views=views, tol=TOL_ACCUM, notes="out = torch.nn.functional.linear(x, weight, bias)", tags=["sweep"])
        # shape ops
        cid = "sweep_reshape_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        views = {}
        bx = vw(r, "x", S, views)
        numel = int(np.prod(S))
        # random target: factorise numel
        tgt = []
        rem = numel
        for _ in range(int(r.integers(0, 4))):
            ds = [d for d in range(1, 7) if rem % d == 0] if rem else [0, 1, 2]
            d = int(r.choice(ds))
            tgt.append(d)
            rem = rem // d if d else rem
        if numel == 0:
            tgt = tgt + [0] if 0 not in tgt else tgt
        else:
            tgt.append(rem)
        if numel and r.random() < 0.5:
            tgt[int(r.integers(len(tgt)))] = -1
        if numel == 1 and r.random() < 0.3:
            tgt = []
        emit(cid, "reshape", "shape", {"shape": tgt}, [("x", randn(r, bx))], lambda A, t=tgt: A["x"].reshape(t),
             views=views, notes="out = x.reshape(%s)" % tgt, tags=["sweep"])
        cid = "sweep_transpose_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, rmin=1)
        n = len(S)
        d0, d1 = int(r.integers(-n, n)), int(r.integers(-n, n))
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "transpose", "shape", {"dim0": d0, "dim1": d1}, [("x", randn(r, bx))],
             lambda A, d0=d0, d1=d1: A["x"].transpose(d0, d1), views=views, notes="out = x.transpose(%d, %d)" % (d0, d1),
             tags=["sweep"])
        cid = "sweep_permute_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, rmin=1)
        n = len(S)
        p = [int(v) - (n if r.random() < 0.3 else 0) for v in r.permutation(n)]
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "permute", "shape", {"dims": p}, [("x", randn(r, bx))], lambda A, p=p: A["x"].permute(p),
             views=views, notes="out = x.permute(%s)" % p, tags=["sweep"])
        cid = "sweep_slice_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, rmin=1)
        n = len(S)
        sl = []
        for _ in range(int(r.integers(1, 3))):
            d = int(r.integers(-n, n))
            sz = S[d]
            a0 = int(r.integers(-sz - 1, sz + 2)) if sz else 0
            b0 = int(r.integers(-sz - 1, sz + 3)) if sz else 0
            st = int(r.choice([1, 1, 2, 3]))
            sl.append([d, a0 if r.random() < 0.85 else None, b0 if r.random() < 0.85 else None, st])
        views = {}
        bx = vw(r, "x", S, views)

        def do_sl(t, sl=sl):
            for d, a0, b0, st in sl:
                idx = [slice(None)] * t.dim()
                idx[d] = slice(a0, b0, st)
                t = t[tuple(idx)]
            return t
        emit(cid, "slice", "shape", {"slices": sl}, [("x", randn(r, bx))], lambda A: do_sl(A["x"]), views=views,
             notes="out = x[...] with slices %s (python semantics)" % sl, tags=["sweep"])
        for op in ("cat", "stack"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r, rmin=1 if op == "cat" else 0)
            n = len(S)
            k = int(r.integers(1, 4))
            if op == "cat":
                dim = int(r.integers(-n, n))
                shapes = []
                for _ in range(k):
                    sh = list(S)
                    sh[dim] = int(r.choice([0, 1, 2, 3]))
                    shapes.append(tuple(sh))
            else:
                dim = int(r.integers(-n - 1, n + 1))
                shapes = [S] * k
            views = {}
            inputs = [("x%d" % j, randn(r, vw(r, "x%d" % j, sh, views))) for j, sh in enumerate(shapes)]
            f = torch.cat if op == "cat" else torch.stack
            emit(cid, op, "shape", {"dim": dim}, inputs, lambda A, f=f, k=k, dim=dim: f([A["x%d" % j] for j in range(k)], dim),
                 views=views, notes="out = torch.%s([...], dim=%d)" % (op, dim), tags=["sweep"])
        cid = "sweep_squeeze_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        n = len(S)
        dim = None if (n == 0 or r.random() < 0.3) else int(r.integers(-n, n))
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "squeeze", "shape", {"dim": dim}, [("x", randn(r, bx))],
             lambda A, dim=dim: A["x"].squeeze() if dim is None else A["x"].squeeze(dim), views=views,
             notes="out = x.squeeze(%s)" % dim, tags=["sweep"])
        cid = "sweep_unsqueeze_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        n = len(S)
        dim = int(r.integers(-n - 1, n + 1))
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "unsqueeze", "shape", {"dim": dim}, [("x", randn(r, bx))], lambda A, dim=dim: A["x"].unsqueeze(dim),
             views=views, notes="out = x.unsqueeze(%d)" % dim, tags=["sweep"])
        cid = "sweep_expand_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, cap=60)
        lead = [int(v) for v in r.integers(1, 4, size=int(r.integers(0, 3)))]
        size = lead + [(int(r.choice([0, 2, 3, 4])) if d == 1 else (-1 if r.random() < 0.3 else d)) for d in S]
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "expand", "shape", {"size": size}, [("x", randn(r, bx))], lambda A, size=size: A["x"].expand(size),
             views=views, notes="out = x.expand(%s)" % size, tags=["sweep"])
        cid = "sweep_flatten_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r)
        n = len(S)
        a0 = int(r.integers(-max(n, 1), max(n, 1)))
        an = a0 + max(n, 1) if a0 < 0 else a0
        b0 = int(r.integers(an, max(n, 1)))
        if r.random() < 0.4:
            b0 -= max(n, 1)
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "flatten", "shape", {"start_dim": a0, "end_dim": b0}, [("x", randn(r, bx))],
             lambda A, a0=a0, b0=b0: torch.flatten(A["x"], a0, b0), views=views,
             notes="out = torch.flatten(x, %d, %d)" % (a0, b0), tags=["sweep"])
        cid = "sweep_pad_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, rmin=1)
        n = len(S)
        k = int(r.integers(1, n + 1))
        pad = []
        for j in range(k):
            sz = S[n - 1 - j]
            lo = int(r.integers(-min(sz, 2), 3))
            hi = int(r.integers(-max(0, min(sz + lo, 2)), 3))
            pad += [lo, hi]
        val = float(r.choice([0.0, -1.0, 0.5]))
        views = {}
        bx = vw(r, "x", S, views)
        emit(cid, "pad", "shape", {"pad": pad, "mode": "constant", "value": val}, [("x", randn(r, bx))],
             lambda A, pad=pad, val=val: F.pad(A["x"], tuple(pad), value=val), views=views,
             notes="out = F.pad(x, %s, value=%s)" % (tuple(pad), val), tags=["sweep"])
        # losses
        for op, attrs, f in [
            ("mse_loss", {}, F.mse_loss), ("l1_loss", {}, F.l1_loss),
            ("huber_loss", {"delta": float([0.5, 1.0, 2.0][i % 3])}, F.huber_loss),
            ("smooth_l1_loss", {"beta": float([0.5, 1.0, 2.0][i % 3])}, F.smooth_l1_loss),
        ]:
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            S = rand_shape(r, allow0=False)
            red = str(r.choice(["mean", "sum", "none"]))
            a = dict(attrs)
            a["reduction"] = red
            views = {}
            bi, bt = vw(r, "input", S, views), vw(r, "target", S, views)
            emit(cid, op, "loss", a, [("input", randn(r, bi, 1.5)), ("target", randn(r, bt, 1.5))],
                 lambda A, f=f, a=a: f(A["input"], A["target"], **a), views=views,
                 notes="out = F.%s(input, target, %s)" % (op, a), tags=["sweep"])
        cid = "sweep_binary_cross_entropy_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, allow0=False)
        red = str(r.choice(["mean", "sum", "none"]))
        views = {}
        bi, bt = vw(r, "input", S, views), vw(r, "target", S, views)
        emit(cid, "binary_cross_entropy", "loss", {"reduction": red},
             [("input", uniform(r, bi, 0.02, 0.98)), ("target", uniform(r, bt, 0, 1))],
             lambda A, red=red: F.binary_cross_entropy(A["input"], A["target"], reduction=red), rg=["input"], views=views,
             notes="out = F.binary_cross_entropy(input, target, reduction=%r)" % red, tags=["sweep"])
        cid = "sweep_bce_with_logits_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, rmin=1, allow0=False)
        red = str(r.choice(["mean", "sum", "none"]))
        pw = bool(r.random() < 0.5)
        views = {}
        bi, bt = vw(r, "input", S, views), vw(r, "target", S, views)
        inputs = [("input", randn(r, bi, 4.0)), ("target", f32(r.integers(0, 2, size=bt)))]
        if pw:
            inputs.append(("pos_weight", uniform(r, (S[-1],), 0.5, 3.0)))
        emit(cid, "binary_cross_entropy_with_logits", "loss", {"reduction": red, "pos_weight": pw}, inputs,
             lambda A, red=red: F.binary_cross_entropy_with_logits(A["input"], A["target"], pos_weight=A.get("pos_weight"),
                                                                   reduction=red),
             rg=["input"], views=views, notes="out = F.binary_cross_entropy_with_logits(..., reduction=%r)" % red,
             tags=["sweep"])
        for op in ("cross_entropy", "nll_loss"):
            cid = "sweep_%s_%02d" % (op, i)
            r = rng_for(cid)
            N = int(r.integers(1, 6))
            C = int(r.integers(2, 6))
            extra = rand_shape(r, 0, 2, allow0=False, cap=12)
            S = (N, C) + extra
            red = str(r.choice(["mean", "sum", "none"]))
            ii = int(r.choice([-100, 0, 1])) if r.random() < 0.5 else -100
            tgt = r.integers(0, C, size=(N,) + extra)
            if r.random() < 0.5:
                tgt = np.where(r.random(tgt.shape) < 0.25, ii, tgt)
            if red == "mean" and np.all(tgt == ii):
                tgt.reshape(-1)[0] = (ii + 1) % C if ii >= 0 else 0
            views = {}
            bi = vw(r, "input", S, views)
            attrs = {"reduction": red, "ignore_index": ii}
            if op == "cross_entropy":
                ls = float(r.choice([0.0, 0.0, 0.1, 0.3]))
                attrs = {"reduction": red, "label_smoothing": ls, "ignore_index": ii}
                fn = lambda A, red=red, ls=ls, ii=ii: F.cross_entropy(A["input"], A["target"], reduction=red,
                                                                     label_smoothing=ls, ignore_index=ii)
            else:
                fn = lambda A, red=red, ii=ii: F.nll_loss(A["input"].contiguous(), A["target"], reduction=red, ignore_index=ii)
            emit(cid, op, "loss", attrs, [("input", randn(r, bi, 2.0)), ("target", i64(tgt))], fn, rg=["input"],
                 views=views, notes="out = F.%s(input, target, %s)" % (op, attrs), tags=["sweep"])
        # norms
        cid = "sweep_batch_norm_%02d" % i
        r = rng_for(cid)
        N = int(r.integers(2, 5))
        C = int(r.integers(1, 5))
        S = (N, C) + rand_shape(r, 0, 2, allow0=False, cap=12)
        training = bool(r.random() < 0.7)
        mom = float(r.choice([0.1, 0.2, 0.5]))
        views = {}
        bx = vw(r, "x", S, views)

        def bnfn(A, training=training, mom=mom):
            rm, rv = A["running_mean"].clone(), A["running_var"].clone()
            out = F.batch_norm(A["x"], rm, rv, A["weight"], A["bias"], training=training, momentum=mom, eps=1e-5)
            return {"out": out, "running_mean_out": rm, "running_var_out": rv} if training else {"out": out}
        emit(cid, "batch_norm", "nn", {"training": training, "momentum": mom, "eps": 1e-5},
             [("x", randn(r, bx)), ("weight", uniform(r, (C,), 0.5, 1.5)), ("bias", randn(r, (C,), 0.5)),
              ("running_mean", randn(r, (C,), 0.5)), ("running_var", uniform(r, (C,), 0.5, 2.0))], bnfn,
             rg=["x", "weight", "bias"], views=views, tol=TOL_ACCUM,
             notes="out = F.batch_norm(x, running_mean, running_var, weight, bias, training=%s, momentum=%s)" % (training, mom),
             tags=["sweep"])
        cid = "sweep_layer_norm_%02d" % i
        r = rng_for(cid)
        S = rand_shape(r, 1, 4, allow0=False)
        while int(np.prod(S[-1:])) < 2 and len(S) < 4:
            S = S + (3,)
        k = int(r.integers(1, len(S) + 1))
        ns = list(S[len(S) - k:])
        if int(np.prod(ns)) < 2:
            ns = list(S[-1:]) if S[-1] >= 2 else ns
        affine = bool(r.random() < 0.7)
        views = {}
        bx = vw(r, "x", S, views)
        inputs = [("x", randn(r, bx))]
        if affine:
            inputs += [("weight", uniform(r, tuple(ns), 0.5, 1.5)), ("bias", randn(r, tuple(ns), 0.5))]
        emit(cid, "layer_norm", "nn", {"normalized_shape": ns, "eps": 1e-5, "affine": affine}, inputs,
             lambda A, ns=ns: F.layer_norm(A["x"], ns, A.get("weight"), A.get("bias"), eps=1e-5), views=views,
             tol=TOL_ACCUM, notes="out = F.layer_norm(x, %s, weight, bias)" % ns, tags=["sweep"])


def gen_large():
    """A few bigger tensors (long reductions, long softmax rows, bigger GEMMs)."""
    r = rng_for("large")
    emit("sum_large_all_300x400", "sum", "reduction", {"dim": None, "keepdim": False}, [("x", uniform(r, (300, 400), 0, 1))],
         lambda A: torch.sum(A["x"]), notes="out = torch.sum(x) over 120000 positive values", tags=["large"])
    emit("mean_large_d0_T400x300", "mean", "reduction", {"dim": [0], "keepdim": False},
         [("x", uniform(r, (400, 300), 0, 1))], lambda A: torch.mean(A["x"], dim=[0]),
         views={"x": [["transpose", 0, 1]]}, notes="out = torch.mean(x.T, dim=[0])", tags=["large", "view"])
    emit("var_large_d1_50x2000", "var", "reduction", {"dim": [1], "keepdim": True, "unbiased": True},
         [("x", randn(r, (50, 2000), 1.0, 3.0))], lambda A: torch.var(A["x"], dim=[1], unbiased=True, keepdim=True),
         notes="out = torch.var(x, dim=[1], unbiased=True, keepdim=True)", tags=["large"])
    emit("softmax_large_dm1_16x1000", "softmax", "activation", {"dim": -1}, [("x", randn(r, (16, 1000), 10.0))],
         lambda A: torch.softmax(A["x"], -1), notes="out = torch.softmax(x, -1); long rows", tags=["large"])
    emit("log_softmax_large_d0_1000x8", "log_softmax", "activation", {"dim": 0}, [("x", randn(r, (1000, 8), 10.0))],
         lambda A: torch.log_softmax(A["x"], 0), notes="out = torch.log_softmax(x, 0); long strided columns",
         tags=["large"])
    emit("logsumexp_large_dm1_8x5000", "logsumexp", "reduction", {"dim": -1, "keepdim": False},
         [("x", randn(r, (8, 5000), 3.0))], lambda A: torch.logsumexp(A["x"], -1, False),
         notes="out = torch.logsumexp(x, -1)", tags=["large"])
    emit("max_dim_large_d0_3000x7", "max_dim", "reduction", {"dim": 0, "keepdim": False},
         [("x", f32(r.integers(-50, 50, size=(3000, 7)) * 0.25))],
         lambda A: dict(zip(("out", "indices"), torch.max(A["x"], 0))), notes="out, indices = torch.max(x, 0); ties",
         tags=["large", "edge:ties"])
    emit("matmul_large_64x300_300x96", "matmul", "linalg", {}, [("a", randn(r, (64, 300))), ("b", randn(r, (300, 96)))],
         lambda A: A["a"] @ A["b"], tol=TOL_ACCUM, notes="out = a @ b", tags=["large"])
    emit("matmul_large_batched_T", "matmul", "linalg", {}, [("a", randn(r, (4, 70, 33))), ("b", randn(r, (4, 50, 70)))],
         lambda A: A["a"] @ A["b"], views={"a": [["transpose", 1, 2]], "b": [["transpose", -1, -2]]}, tol=TOL_ACCUM,
         notes="out = a.transpose(1,2) @ b.transpose(-1,-2)", tags=["large", "view"])
    emit("matmul_expand_rows_3x4_4x5", "matmul", "linalg", {}, [("a", randn(r, (1, 4))), ("b", randn(r, (4, 1)))],
         lambda A: A["a"] @ A["b"], views={"a": [["expand", [3, 4]]], "b": [["expand", [4, 5]]]}, tol=TOL_ACCUM,
         notes="out = a.expand(3,4) @ b.expand(4,5) (stride-0 matrix dims)", tags=["view"])
    emit("linear_large_128x257_w65x257", "linear", "linalg", {"bias": True},
         [("x", randn(r, (128, 257))), ("weight", randn(r, (65, 257), 0.1)), ("bias", randn(r, (65,)))],
         lambda A: F.linear(A["x"], A["weight"], A["bias"]), tol=TOL_ACCUM, notes="out = F.linear(x, weight, bias)",
         tags=["large"])
    emit("add_large_bcast_T", "add", "elementwise", {}, [("a", randn(r, (257, 129))), ("b", randn(r, (257,)))],
         lambda A: A["a"] + A["b"], views={"a": [["transpose", 0, 1]]}, notes="out = a.T + b", tags=["large", "view"])
    emit("gelu_large_5000", "gelu", "activation", {"approximate": "none"}, [("x", randn(r, (5000,), 3.0))],
         lambda A: F.gelu(A["x"]), notes="out = F.gelu(x)", tags=["large"])
    emit("cross_entropy_large_256x100", "cross_entropy", "loss", {"reduction": "mean", "label_smoothing": 0.05,
                                                                  "ignore_index": -100},
         [("input", randn(r, (256, 100), 3.0)), ("target", i64(r.integers(0, 100, size=256)))],
         lambda A: F.cross_entropy(A["input"], A["target"], label_smoothing=0.05), rg=["input"],
         notes="out = F.cross_entropy(input, target, label_smoothing=0.05)", tags=["large"])
    emit("layer_norm_large_32x512", "layer_norm", "nn", {"normalized_shape": [512], "eps": 1e-5, "affine": True},
         [("x", randn(r, (32, 512), 2.0, 1.0)), ("weight", uniform(r, (512,), 0.5, 1.5)), ("bias", randn(r, (512,)))],
         lambda A: F.layer_norm(A["x"], [512], A["weight"], A["bias"]), tol=TOL_ACCUM,
         notes="out = F.layer_norm(x, [512], weight, bias)", tags=["large"])
    emit("batch_norm_large_64x16x8x8", "batch_norm", "nn", {"training": True, "momentum": 0.1, "eps": 1e-5},
         [("x", randn(r, (64, 16, 8, 8), 2.0, 0.5)), ("weight", uniform(r, (16,), 0.5, 1.5)), ("bias", randn(r, (16,))),
          ("running_mean", np.zeros(16, np.float32)), ("running_var", np.ones(16, np.float32))],
         lambda A: (lambda rm, rv: {"out": F.batch_norm(A["x"], rm, rv, A["weight"], A["bias"], True, 0.1, 1e-5),
                                    "running_mean_out": rm, "running_var_out": rv})(A["running_mean"].clone(),
                                                                                   A["running_var"].clone()),
         rg=["x", "weight", "bias"], tol=TOL_ACCUM, notes="out = F.batch_norm(x, ..., training=True)", tags=["large"])


def gen_weighted_losses():
    """Class weights (`weight` input) for cross_entropy / nll_loss / BCE; norm variants without affine/running stats."""
    fam = "loss"
    r = rng_for("weighted")

    def ce(cid, x, tgt, w, red="mean", ls=0.0, ii=-100, views=None, tags=()):
        inputs = [("input", x), ("target", tgt)] + ([("weight", w)] if w is not None else [])
        emit(cid, "cross_entropy", fam, {"reduction": red, "label_smoothing": ls, "ignore_index": ii}, inputs,
             lambda A: F.cross_entropy(A["input"], A["target"], weight=A.get("weight"), reduction=red,
                                       label_smoothing=ls, ignore_index=ii),
             rg=["input"], views=views or {},
             notes="out = F.cross_entropy(input, target, weight=weight, reduction=%r, label_smoothing=%s, "
                   "ignore_index=%d); with class weights the mean divides by the sum of weight[target] over "
                   "non-ignored positions" % (red, ls, ii), tags=list(tags) + ["class_weight"])

    ce("cross_entropy_weight_mean_6x4", randn(r, (6, 4), 2.0), i64([0, 1, 2, 3, 1, 2]), uniform(r, (4,), 0.2, 2.0))
    ce("cross_entropy_weight_sum_6x4", randn(r, (6, 4), 2.0), i64([0, 1, 2, 3, 1, 2]), uniform(r, (4,), 0.2, 2.0),
       red="sum")
    ce("cross_entropy_weight_none_6x4", randn(r, (6, 4), 2.0), i64([0, 1, 2, 3, 1, 2]), uniform(r, (4,), 0.2, 2.0),
       red="none")
    ce("cross_entropy_weight_ignore_mean_6x4", randn(r, (6, 4), 2.0), i64([0, -100, 2, 3, -100, 2]),
       uniform(r, (4,), 0.2, 2.0), tags=["ignore_index"])
    ce("cross_entropy_weight_ls0p2_mean_6x4", randn(r, (6, 4), 2.0), i64([0, 1, 2, 3, 1, 2]),
       uniform(r, (4,), 0.2, 2.0), ls=0.2, tags=["label_smoothing"])
    ce("cross_entropy_weight_ls0p1_ignore_mean_6x5", randn(r, (6, 5), 2.0), i64([4, -100, 2, 0, 1, -100]),
       uniform(r, (5,), 0.2, 2.0), ls=0.1, tags=["label_smoothing", "ignore_index"])
    ce("cross_entropy_weight_ls0p1_ignore_sum_6x5", randn(r, (6, 5), 2.0), i64([4, -100, 2, 0, 1, -100]),
       uniform(r, (5,), 0.2, 2.0), red="sum", ls=0.1, tags=["label_smoothing", "ignore_index"])
    ce("cross_entropy_weight_ls0p3_none_5x4", randn(r, (5, 4), 2.0), i64([3, 0, -100, 1, 2]),
       uniform(r, (4,), 0.2, 2.0), red="none", ls=0.3, tags=["label_smoothing", "ignore_index"])
    ce("cross_entropy_weight_NCT_2x4x3", randn(r, (2, 4, 3), 2.0), i64([[0, 3, 1], [2, 2, -100]]),
       uniform(r, (4,), 0.2, 2.0), ls=0.1, tags=["label_smoothing", "ignore_index"])
    ce("cross_entropy_weight_unbatched_5", randn(r, (5,), 2.0), i64(2), uniform(r, (5,), 0.2, 2.0),
       tags=["edge:0d", "unbatched"])
    ce("cross_entropy_weight_extreme_4x4", f32([[1000., -1000., 0., 5.], [-1000., -1000., -1000., -1000.],
                                                [0., 1000., 1000., -1000.], [3., 2., 1., 0.]]),
       i64([1, 2, 0, 3]), uniform(r, (4,), 0.2, 2.0), ls=0.1, tags=["edge:extreme_logits", "label_smoothing"])
    # probability ("soft") targets, same shape as input
    for cid, red, ls in (("cross_entropy_probs_mean_4x5", "mean", 0.0), ("cross_entropy_probs_ls0p2_sum_4x5", "sum", 0.2),
                         ("cross_entropy_probs_none_4x5", "none", 0.0)):
        p_ = r.random((4, 5))
        p_ = f32(p_ / p_.sum(1, keepdims=True))
        emit(cid, "cross_entropy", fam, {"reduction": red, "label_smoothing": ls, "ignore_index": -100},
             [("input", randn(r, (4, 5), 2.0)), ("target", p_)],
             lambda A, red=red, ls=ls: F.cross_entropy(A["input"], A["target"], reduction=red, label_smoothing=ls),
             rg=["input"], notes="out = F.cross_entropy(input, target_probs, reduction=%r, label_smoothing=%s); float "
                                 "target = class probabilities (same shape as input); mean divides by N" % (red, ls),
             tags=["prob_target"])

    def nll(cid, x, tgt, w, red="mean", ii=-100, tags=()):
        emit(cid, "nll_loss", fam, {"reduction": red, "ignore_index": ii},
             [("input", x), ("target", tgt), ("weight", w)],
             lambda A: F.nll_loss(A["input"].contiguous(), A["target"], weight=A["weight"], reduction=red,
                                  ignore_index=ii),
             rg=["input"], notes="out = F.nll_loss(input, target, weight=weight, reduction=%r, ignore_index=%d); "
                                 "mean divides by sum of weight[target] (non-ignored)" % (red, ii),
             tags=list(tags) + ["class_weight"])

    nll("nll_loss_weight_mean_6x4", randn(r, (6, 4)), i64([0, 1, 2, 3, 1, 2]), uniform(r, (4,), 0.2, 2.0))
    nll("nll_loss_weight_ignore_mean_6x4", randn(r, (6, 4)), i64([0, -100, 2, 3, 1, -100]), uniform(r, (4,), 0.2, 2.0),
        tags=["ignore_index"])
    nll("nll_loss_weight_none_2x3x4", randn(r, (2, 3, 4)), i64([[0, 1, 2, 1], [2, 2, 0, 1]]), uniform(r, (3,), 0.2, 2.0),
        red="none")
    nll("nll_loss_weight_sum_5x3", randn(r, (5, 3)), i64([0, 1, 2, 1, 0]), uniform(r, (3,), 0.2, 2.0), red="sum")

    for cid, s, ws, red in (("binary_cross_entropy_weight_mean_3x4", (3, 4), (4,), "mean"),
                            ("binary_cross_entropy_weight_none_2x3x4", (2, 3, 4), (3, 1), "none"),
                            ("binary_cross_entropy_weight_sum_3x4", (3, 4), (3, 4), "sum")):
        emit(cid, "binary_cross_entropy", fam, {"reduction": red},
             [("input", uniform(r, s, 0.02, 0.98)), ("target", uniform(r, s, 0, 1)), ("weight", uniform(r, ws, 0.2, 2.0))],
             lambda A, red=red: F.binary_cross_entropy(A["input"], A["target"], weight=A["weight"], reduction=red),
             rg=["input"], notes="out = F.binary_cross_entropy(input, target, weight=weight (broadcast), reduction=%r)" % red,
             tags=["class_weight"])
    for cid, s, ws, red, pw in (("bce_with_logits_weight_mean_3x4", (3, 4), (4,), "mean", False),
                                ("bce_with_logits_weight_posweight_sum_2x3x4", (2, 3, 4), (3, 1), "sum", True),
                                ("bce_with_logits_weight_none_3x4", (3, 4), (3, 4), "none", True)):
        inputs = [("input", randn(r, s, 3.0)), ("target", f32(r.integers(0, 2, size=s))), ("weight", uniform(r, ws, 0.2, 2.0))]
        if pw:
            inputs.append(("pos_weight", uniform(r, (s[-1],), 0.5, 3.0)))
        emit(cid, "binary_cross_entropy_with_logits", fam, {"reduction": red, "pos_weight": pw}, inputs,
             lambda A, red=red: F.binary_cross_entropy_with_logits(A["input"], A["target"], weight=A["weight"],
                                                                   pos_weight=A.get("pos_weight"), reduction=red),
             rg=["input"], notes="out = F.binary_cross_entropy_with_logits(input, target, weight=weight, pos_weight=..., "
                                 "reduction=%r)" % red, tags=["class_weight"])

    # norms without affine / without running stats / weight-only layer_norm
    x = randn(r, (4, 3, 5))
    emit("batch_norm_train_noaffine_4x3x5", "batch_norm", "nn", {"training": True, "momentum": 0.1, "eps": 1e-5},
         [("x", x), ("running_mean", randn(r, (3,), 0.5)), ("running_var", uniform(r, (3,), 0.5, 2.0))],
         lambda A: (lambda rm, rv: {"out": F.batch_norm(A["x"], rm, rv, None, None, True, 0.1, 1e-5),
                                    "running_mean_out": rm, "running_var_out": rv})(A["running_mean"].clone(),
                                                                                   A["running_var"].clone()),
         rg=["x"], tol=TOL_ACCUM, notes="out = F.batch_norm(x, running_mean, running_var, None, None, training=True)",
         tags=["noaffine"])
    emit("batch_norm_train_nostats_6x3", "batch_norm", "nn", {"training": True, "momentum": 0.1, "eps": 1e-5},
         [("x", randn(r, (6, 3))), ("weight", uniform(r, (3,), 0.5, 1.5)), ("bias", randn(r, (3,)))],
         lambda A: F.batch_norm(A["x"], None, None, A["weight"], A["bias"], True, 0.1, 1e-5),
         rg=["x", "weight", "bias"], tol=TOL_ACCUM,
         notes="out = F.batch_norm(x, None, None, weight, bias, training=True) (no running stats)", tags=["nostats"])
    emit("layer_norm_weightonly_3x6_n6", "layer_norm", "nn", {"normalized_shape": [6], "eps": 1e-5, "affine": True},
         [("x", randn(r, (3, 6))), ("weight", uniform(r, (6,), 0.5, 1.5))],
         lambda A: F.layer_norm(A["x"], [6], A["weight"], None, 1e-5), tol=TOL_ACCUM,
         notes="out = F.layer_norm(x, [6], weight, None)", tags=["weight_only"])


def gen_nonfinite_inputs():
    """Inputs holding -inf/+inf/NaN where PyTorch's outputs and grads stay finite (masking patterns)."""
    NI, PI, NAN = -np.inf, np.inf, np.nan
    r = rng_for("nonfinite")
    xm = f32([[0.5, NI, 1.5, -0.25], [NI, NI, 2.0, NI], [3.0, -1.0, 0.0, NI]])
    for op, f in (("softmax", torch.softmax), ("logsumexp", None)):
        for dim in (-1, 0):
            cid = "%s_neginf_d%s_3x4" % (op, "m1" if dim < 0 else dim)
            x = xm if dim == -1 else f32(xm.T.copy())  # every reduced lane keeps a finite entry
            if op == "softmax":
                emit(cid, op, "activation", {"dim": dim}, [("x", x)], lambda A, dim=dim: torch.softmax(A["x"], dim),
                     notes="out = torch.softmax(x, dim=%d); x holds -inf (masked logits), every row has a finite "
                           "entry" % dim, tags=["edge:inf_input"])
            else:
                emit(cid, op, "reduction", {"dim": dim, "keepdim": False}, [("x", x)],
                     lambda A, dim=dim: torch.logsumexp(A["x"], dim), notes="out = torch.logsumexp(x, dim=%d); x holds "
                                                                          "-inf" % dim, tags=["edge:inf_input"])
    xs = f32([NI, -3.0, 0.0, 2.0, PI, NI])
    for op, fam, attrs, f in (("relu", "activation", {}, F.relu), ("sigmoid", "activation", {}, torch.sigmoid),
                              ("tanh", "activation", {}, torch.tanh), ("exp", "elementwise", {}, None),
                              ("elu", "activation", {"alpha": 1.0}, F.elu),
                              ("clamp", "elementwise", {"min": -1.0, "max": 1.0}, None)):
        x = xs if op != "exp" else f32([NI, -3.0, 0.0, 2.0, -100.0, NI])
        if op == "elu":
            x = f32([NI, -3.0, 0.0, 2.0, -50.0, NI])
        fn = {"exp": lambda A: torch.exp(A["x"]), "clamp": lambda A: torch.clamp(A["x"], -1.0, 1.0)}.get(op)
        if fn is None:
            fn = lambda A, f=f: f(A["x"])
        emit("%s_inf_input_6" % op, op, fam, attrs, [("x", x)], fn, notes="out = %s(x) with +-inf inputs" % op,
             tags=["edge:inf_input"])
    emit("max_all_neginf_3x4", "max_all", "reduction", {}, [("x", xm)], lambda A: torch.max(A["x"]),
         notes="out = torch.max(x); x holds -inf", tags=["edge:inf_input"])
    emit("max_dim_neginf_d1_3x4", "max_dim", "reduction", {"dim": 1, "keepdim": False}, [("x", xm)],
         lambda A: dict(zip(("out", "indices"), torch.max(A["x"], 1))), notes="torch.max(x, 1); x holds -inf",
         tags=["edge:inf_input"])
    emit("argmax_neginf_d1_3x4", "argmax", "reduction", {"dim": 1, "keepdim": False}, [("x", xm)],
         lambda A: torch.argmax(A["x"], 1), notes="torch.argmax(x, 1); x holds -inf", tags=["edge:inf_input"])
    emit("maximum_neginf_3x4", "maximum", "elementwise", {}, [("a", xm), ("b", randn(r, (3, 4)))],
         lambda A: torch.maximum(A["a"], A["b"]), notes="torch.maximum(a, b); a holds -inf", tags=["edge:inf_input"])
    # where / masked_fill hiding inf and NaN
    x = f32([[1.0, PI, NAN, -2.0], [NI, 0.5, 3.0, NAN]])
    mask = i64([[0, 1, 1, 0], [1, 0, 0, 1]])
    emit("masked_fill_hides_nonfinite_2x4", "masked_fill", "elementwise", {"value": 0.0}, [("x", x), ("mask", mask)],
         lambda A: A["x"].masked_fill(A["mask"].bool(), 0.0),
         notes="out = x.masked_fill(mask, 0.0); every inf/NaN of x is masked", tags=["edge:inf_input"])
    emit("where_hides_nonfinite_2x4", "where", "elementwise", {}, [("cond", i64(1 - mask)), ("x", x), ("y", randn(r, (2, 4)))],
         lambda A: torch.where(A["cond"].bool(), A["x"], A["y"]),
         notes="out = torch.where(cond, x, y); inf/NaN of x are never selected", tags=["edge:inf_input"])
    # cross_entropy / log_softmax-free losses with -inf logits of non-target classes
    xe = f32([[2.0, NI, 0.5, NI], [NI, 1.0, NI, -1.0], [0.0, 0.0, NI, 3.0]])
    for red in ("mean", "none"):
        emit("cross_entropy_neginf_logits_%s_3x4" % red, "cross_entropy", "loss",
             {"reduction": red, "label_smoothing": 0.0, "ignore_index": -100},
             [("input", xe), ("target", i64([0, 3, 1]))],
             lambda A, red=red: F.cross_entropy(A["input"], A["target"], reduction=red), rg=["input"],
             notes="out = F.cross_entropy(input, target, reduction=%r); -inf logits on non-target classes "
                   "(no label smoothing, so the loss stays finite)" % red, tags=["edge:inf_input"])


def gen_misc_edges():
    r = rng_for("misc")
    # losses with broadcasting input/target (PyTorch warns but broadcasts)
    for op, f, extra in (("mse_loss", F.mse_loss, {}), ("l1_loss", F.l1_loss, {}),
                         ("huber_loss", F.huber_loss, {"delta": 1.0}), ("smooth_l1_loss", F.smooth_l1_loss, {"beta": 1.0})):
        attrs = dict(extra)
        attrs["reduction"] = "mean"
        emit("%s_broadcast_3x4_4" % op, op, "loss", attrs, [("input", randn(r, (3, 4))), ("target", randn(r, (4,)))],
             lambda A, f=f, a=attrs: f(A["input"], A["target"], **a),
             notes="out = F.%s(input [3,4], target [4]) -- PyTorch warns about the size mismatch and broadcasts" % op,
             tags=["edge:loss_broadcast"])
    # ignore_index outside [0, C) (segmentation style 255)
    emit("cross_entropy_ignore255_mean_5x4", "cross_entropy", "loss",
         {"reduction": "mean", "label_smoothing": 0.0, "ignore_index": 255},
         [("input", randn(r, (5, 4), 2.0)), ("target", i64([1, 255, 3, 255, 0]))],
         lambda A: F.cross_entropy(A["input"], A["target"], ignore_index=255), rg=["input"],
         notes="out = F.cross_entropy(input, target, ignore_index=255); ignored targets are out of class range",
         tags=["ignore_index", "edge:ignore_out_of_range"])
    emit("cross_entropy_ignore255_ls0p1_sum_2x3x2x2", "cross_entropy", "loss",
         {"reduction": "sum", "label_smoothing": 0.1, "ignore_index": 255},
         [("input", randn(r, (2, 3, 2, 2), 2.0)), ("target", i64([[[0, 255], [2, 1]], [[255, 255], [1, 0]]]))],
         lambda A: F.cross_entropy(A["input"], A["target"], ignore_index=255, label_smoothing=0.1, reduction="sum"),
         rg=["input"], notes="out = F.cross_entropy(input, target, ignore_index=255, label_smoothing=0.1, reduction='sum')",
         tags=["ignore_index", "edge:ignore_out_of_range"])
    emit("nll_loss_ignore255_none_4x3", "nll_loss", "loss", {"reduction": "none", "ignore_index": 255},
         [("input", randn(r, (4, 3))), ("target", i64([2, 255, 0, 1]))],
         lambda A: F.nll_loss(A["input"], A["target"], ignore_index=255, reduction="none"), rg=["input"],
         notes="out = F.nll_loss(input, target, ignore_index=255, reduction='none')",
         tags=["ignore_index", "edge:ignore_out_of_range"])
    emit("nll_loss_negative_ignore_m1_mean_4x3", "nll_loss", "loss", {"reduction": "mean", "ignore_index": -1},
         [("input", randn(r, (4, 3))), ("target", i64([2, -1, 0, -1]))],
         lambda A: F.nll_loss(A["input"], A["target"], ignore_index=-1), rg=["input"],
         notes="out = F.nll_loss(input, target, ignore_index=-1)", tags=["ignore_index"])
    # layer_norm with an int normalized_shape
    emit("layer_norm_intshape_3x5_n5", "layer_norm", "nn", {"normalized_shape": 5, "eps": 1e-5, "affine": True},
         [("x", randn(r, (3, 5))), ("weight", uniform(r, (5,), 0.5, 1.5)), ("bias", randn(r, (5,)))],
         lambda A: F.layer_norm(A["x"], (5,), A["weight"], A["bias"]), tol=TOL_ACCUM,
         notes="out = F.layer_norm(x, 5, weight, bias) (normalized_shape given as an int)", tags=["int_attr"])
    # degenerate parameters
    x = with_values(randn(r, (3, 4)), r, [0.0], 0.3)
    emit("leaky_relu_ns0_3x4", "leaky_relu", "activation", {"negative_slope": 0.0}, [("x", x)],
         lambda A: F.leaky_relu(A["x"], 0.0), notes="out = F.leaky_relu(x, 0.0)", tags=["edge:param"])
    emit("leaky_relu_nsm0p5_3x4", "leaky_relu", "activation", {"negative_slope": -0.5}, [("x", x)],
         lambda A: F.leaky_relu(A["x"], -0.5), notes="out = F.leaky_relu(x, -0.5)", tags=["edge:param"])
    emit("elu_a0_3x4", "elu", "activation", {"alpha": 0.0}, [("x", x)], lambda A: F.elu(A["x"], 0.0),
         notes="out = F.elu(x, alpha=0)", tags=["edge:param"])
    emit("softplus_bm1_3x4", "softplus", "activation", {"beta": -1.0, "threshold": 20.0}, [("x", randn(r, (3, 4), 3.0))],
         lambda A: F.softplus(A["x"], -1.0, 20.0), notes="out = F.softplus(x, beta=-1)", tags=["edge:param"])
    emit("pow_m1_neg_2x3", "pow", "elementwise", {"exponent": -1.0}, [("x", away(r, (2, 3)))],
         lambda A: torch.pow(A["x"], -1.0), notes="out = x ** -1 (negative bases)", tags=["edge:negative_base"])
    emit("pow_m3_neg_2x3", "pow", "elementwise", {"exponent": -3.0}, [("x", away(r, (2, 3)))],
         lambda A: torch.pow(A["x"], -3.0), notes="out = x ** -3 (negative bases)", tags=["edge:negative_base"])
    emit("pow_5_neg_2x3", "pow", "elementwise", {"exponent": 5.0}, [("x", randn(r, (2, 3)))],
         lambda A: torch.pow(A["x"], 5.0), notes="out = x ** 5 (negative bases)", tags=["edge:negative_base"])
    emit("pow_1_zero_2x3", "pow", "elementwise", {"exponent": 1.0}, [("x", f32([[0.0, -0.0, 1.0], [-2.0, 0.0, 3.0]]))],
         lambda A: torch.pow(A["x"], 1.0), notes="out = x ** 1 (zeros)", tags=["edge:kink"])
    emit("pow_0p5_zero_2x3", "pow", "elementwise", {"exponent": 0.5}, [("x", f32([[0.0, 0.25, 1.0], [4.0, 0.0, 9.0]]))],
         lambda A: torch.pow(A["x"], 0.5), rg=[], notes="out = x ** 0.5 with exact zeros (forward only: grad is inf)",
         tags=["edge:kink"])
    emit("sqrt_zero_fwd_2x3", "sqrt", "elementwise", {}, [("x", f32([[0.0, 0.25, 1.0], [4.0, 0.0, 9.0]]))],
         lambda A: torch.sqrt(A["x"]), rg=[], notes="out = sqrt(x) with exact zeros (forward only)", tags=["edge:kink"])
    # matmul with a zero-size batch dim / k = 0 with batches
    emit("matmul_0x1x3x4_5x4x2", "matmul", "linalg", {}, [("a", randn(r, (0, 1, 3, 4))), ("b", randn(r, (5, 4, 2)))],
         lambda A: A["a"] @ A["b"], tol=TOL_ACCUM, notes="out = a @ b (zero-size batch)", tags=["edge:zero_length"])
    emit("matmul_2x3x0_2x0x4", "matmul", "linalg", {}, [("a", randn(r, (2, 3, 0))), ("b", randn(r, (2, 0, 4)))],
         lambda A: A["a"] @ A["b"], tol=TOL_ACCUM, notes="out = a @ b (k = 0: zeros)", tags=["edge:zero_length"])
    emit("matmul_0_0", "matmul", "linalg", {}, [("a", randn(r, (0,))), ("b", randn(r, (0,)))],
         lambda A: A["a"] @ A["b"], tol=TOL_ACCUM, notes="out = a @ b, empty dot product = 0", tags=["edge:zero_length"])
    # reductions keeping dims on zero-size tensors
    emit("sum_d1_keep_0x3", "sum", "reduction", {"dim": [1], "keepdim": True}, [("x", randn(r, (0, 3)))],
         lambda A: torch.sum(A["x"], [1], keepdim=True), notes="torch.sum(x, [1], keepdim=True)", tags=["edge:zero_length"])
    emit("max_dim_d1_keep_0x3", "max_dim", "reduction", {"dim": 1, "keepdim": True}, [("x", randn(r, (0, 3)))],
         lambda A: dict(zip(("out", "indices"), torch.max(A["x"], 1, True))), notes="torch.max(x, 1, keepdim=True)",
         tags=["edge:zero_length"])
    emit("softmax_d0_0x3", "softmax", "activation", {"dim": 0}, [("x", randn(r, (0, 3)))],
         lambda A: torch.softmax(A["x"], 0), notes="softmax over a zero-length dim", tags=["edge:zero_length"])
    emit("var_d0_0x3_keep", "var", "reduction", {"dim": [1], "keepdim": True, "unbiased": True}, [("x", randn(r, (0, 3)))],
         lambda A: torch.var(A["x"], [1], unbiased=True, keepdim=True), notes="var over non-empty dim of a (0,3) tensor",
         tags=["edge:zero_length"])
    # cat of many pieces, stack of many
    shapes = [(2, int(k), 3) for k in r.integers(0, 4, size=9)]
    emit("cat_d1_9pieces", "cat", "shape", {"dim": 1}, [("x%d" % i, randn(r, s_)) for i, s_ in enumerate(shapes)],
         lambda A: torch.cat([A["x%d" % i] for i in range(9)], 1), notes="torch.cat of 9 tensors along dim 1",
         tags=["many_inputs"])


# ----------------------------------------------------------------------------- main

def main():
    global OUT, ONLY
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/golden-extra")
    ap.add_argument("--only", default=None, help="regex on case ids")
    ap.add_argument("--sweep", type=int, default=12, help="random sweep cases per op")
    a = ap.parse_args()
    OUT, ONLY = a.out, a.only
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    gen_elementwise()
    gen_activation()
    gen_reduction()
    gen_linalg()
    gen_shape()
    gen_loss()
    gen_nn()
    gen_sweep(a.sweep)
    gen_large()
    gen_weighted_losses()
    gen_nonfinite_inputs()
    gen_misc_edges()
    fams, tags, ops = {}, {}, {}
    for c in CASES:
        fams[c["family"]] = fams.get(c["family"], 0) + 1
        ops[c["op"]] = ops.get(c["op"], 0) + 1
        for t in c["tags"]:
            tags[t] = tags.get(t, 0) + 1
    index = {"set": "extra", "format_version": 1, "torch_version": torch.__version__, "numpy_version": np.__version__,
             "reference_dtype": "float64 (saved as float32)", "count": len(CASES), "families": fams, "tags": tags,
             "cases": [{k: c[k] for k in ("id", "op", "family", "tags")} for c in CASES]}
    with open(os.path.join(OUT, "index.json"), "w") as fh:
        json.dump(index, fh, indent=1)
    print("wrote %d cases to %s" % (len(CASES), OUT))
    print("per op:", json.dumps(dict(sorted(ops.items()))))
    worst = sorted(CASES, key=lambda c: -c["_f32"])[:5]
    print("worst PyTorch-float32 err/tol:", ", ".join("%s %.3g" % (c["id"], c["_f32"]) for c in worst))
    for cid, why in SKIPPED:
        print("skipped %s: %s" % (cid, why), file=sys.stderr)


if __name__ == "__main__":
    main()
