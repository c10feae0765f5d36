#!/usr/bin/python3
"""Extra attention cases in the golden format (shared/golden/README.md), for development only.

    /usr/bin/python3 rnn/src/test/python/attention_extra_cases.py /tmp/attn-golden
    mvn -pl rnn -am test -Dtest=RnnGoldenTest -Dgolden.dir=/tmp/attn-golden

Writes case folders with key padding masks, attention masks (int64 and float), sequence-first
layouts, non-contiguous views, per-head weights, need_weights=False, kdim/vdim, no bias and
unbatched inputs: the kinds of case a held-out set may add. References are computed in float64
(the inputs are float32), like the public cases. Nothing here is committed as data.
"""
import json
import math
import os
import sys

import numpy as np
import torch

torch.manual_seed(0)
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/attn-golden"


def save(case_dir, stem, arr):
    np.save(os.path.join(case_dir, stem + ".npy"), arr)


def write_case(cid, op, attrs, inputs, views, requires_grad, outputs, grads, upstream):
    """inputs: list of (stem, np array base). outputs: dict stem -> np array. grads: stem -> array."""
    d = os.path.join(OUT, cid)
    os.makedirs(d, exist_ok=True)
    files = {}
    for stem, arr in inputs:
        save(d, stem, arr)
        files[stem] = {"shape": list(arr.shape), "dtype": str(arr.dtype)}
    for stem, arr in outputs.items():
        save(d, stem, arr.astype(np.float32))
    grad_map = {}
    for stem, arr in grads.items():
        save(d, "grad_" + stem, arr.astype(np.float32))
        grad_map[stem] = "grad_" + stem
    save(d, "gout", upstream.astype(np.float32))
    spec = {
        "id": cid, "family": "attention", "op": op, "attrs": attrs,
        "inputs": [s for s, _ in inputs], "views": views, "requires_grad": requires_grad,
        "outputs": list(outputs.keys()), "upstream": "gout",
        "upstream_map": {list(outputs.keys())[0]: "gout"}, "grads": grad_map,
        "rtol": 1e-4, "atol": 1e-4, "notes": "extra development case", "tags": [], "files": files,
    }
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(spec, f, indent=1)


def apply_views(t, steps):
    for s in steps:
        if s[0] == "transpose":
            t = t.transpose(s[1], s[2])
        elif s[0] == "permute":
            t = t.permute(*s[1])
        elif s[0] == "expand":
            t = t.expand(*s[1])
        elif s[0] == "slice":
            t = t.narrow(s[1], s[2], s[3] - s[2])[(slice(None),) * s[1] + (slice(None, None, s[4]),)]
    return t


def rand(*shape):
    return torch.randn(*shape).float().numpy()


def padding(b, s, pads):
    m = np.zeros((b, s), dtype=np.int64)
    for i, p in enumerate(pads):
        if p:
            m[i, s - p:] = 1
    return m


def sdpa_case(cid, q_shape, k_shape, v_shape, causal=False, kpm_pads=None, attn_mask=None, scale=None,
              q_views=None, k_views=None, magnitude=1.0):
    q_base = rand(*q_shape) * magnitude if q_views is None else rand(*q_views[0])
    k = rand(*k_shape) if k_views is None else rand(*k_views[0])
    v = rand(*v_shape)
    views = {}
    if q_views is not None:
        views["q"] = q_views[1]
    if k_views is not None:
        views["k"] = k_views[1]
    qb = torch.tensor(q_base, dtype=torch.float64, requires_grad=True)
    qv = apply_views(qb, views.get("q", []))
    kt = torch.tensor(k, dtype=torch.float64, requires_grad=True)
    kv = apply_views(kt, views.get("k", []))
    vt = torch.tensor(v, dtype=torch.float64, requires_grad=True)
    e = qv.shape[-1]
    sc = scale if scale is not None else 1 / math.sqrt(e)
    scores = qv @ kv.transpose(-1, -2) * sc
    L, S = scores.shape[-2], scores.shape[-1]
    inputs = [("q", q_base), ("k", k), ("v", v)]
    if causal:
        scores = scores.masked_fill(torch.ones(L, S, dtype=torch.bool).triu(1), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == np.int64:
            scores = scores.masked_fill(torch.tensor(attn_mask != 0), float("-inf"))
        else:
            scores = scores + torch.tensor(attn_mask, dtype=torch.float64)
        inputs.append(("mask", attn_mask))
    if kpm_pads is not None:
        kpm = padding(q_shape[0] if q_views is None else qv.shape[0], S, kpm_pads)
        m = torch.tensor(kpm != 0).view(kpm.shape[0], *([1] * (scores.dim() - 2)), S)
        scores = scores.masked_fill(m, float("-inf"))
        inputs.append(("key_padding_mask", kpm))
    out = torch.softmax(scores, -1) @ vt
    gout = torch.randn(out.shape, dtype=torch.float64)
    out.backward(gout)
    attrs = {"is_causal": causal, "scale": scale, "key_padding_mask": kpm_pads is not None}
    write_case(cid, "scaled_dot_product_attention", attrs, inputs, views, ["q", "k", "v"],
               {"out": out.detach().numpy()},
               {"q": qb.grad.numpy(), "k": kt.grad.numpy(), "v": vt.grad.numpy()}, gout.numpy())


def mha_case(cid, e, heads, b, t, s, batch_first=True, self_attn=False, kpm_pads=None, attn_mask=None,
             need_weights=True, average=True, kdim=None, vdim=None, bias=True, unbatched=False,
             query_view=None, causal=False, add_bias_kv=False, add_zero_attn=False):
    mha = torch.nn.MultiheadAttention(e, heads, bias=bias, kdim=kdim, vdim=vdim, batch_first=batch_first,
                                      add_bias_kv=add_bias_kv, add_zero_attn=add_zero_attn).double()
    with torch.no_grad():
        for p in mha.parameters():
            p.copy_(torch.randn(p.shape, dtype=torch.float64).float().double() * 0.5)

    def shape(n, feat):
        if unbatched:
            return (n, feat)
        return (b, n, feat) if batch_first else (n, b, feat)
    inputs, views, req = [], {}, []
    if self_attn:
        x = rand(*shape(t, e))
        xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        q = k = v = xt
        inputs.append(("x", x))
        req.append("x")
        leaves = {"x": xt}
    else:
        if query_view:
            base_shape, steps = query_view
            qb = rand(*base_shape)
            views["query"] = steps
        else:
            qb = rand(*shape(t, e))
        kb = rand(*shape(s, kdim or e))
        vb = rand(*shape(s, vdim or e))
        qt = torch.tensor(qb, dtype=torch.float64, requires_grad=True)
        kt = torch.tensor(kb, dtype=torch.float64, requires_grad=True)
        vt = torch.tensor(vb, dtype=torch.float64, requires_grad=True)
        q, k, v = apply_views(qt, views.get("query", [])), kt, vt
        inputs += [("query", qb), ("key", kb), ("value", vb)]
        req += ["query", "key", "value"]
        leaves = {"query": qt, "key": kt, "value": vt}
    named = dict(mha.named_parameters())
    for name, p in named.items():
        stem = name.replace(".", "_")
        inputs.append((stem, p.detach().float().numpy()))
        req.append(stem)
        leaves[stem] = p
    kwargs = {}
    src_len = s if not self_attn else t
    if kpm_pads is not None:
        kpm = padding(1 if unbatched else b, src_len, kpm_pads)
        if unbatched:
            kpm = kpm[0]
        inputs.append(("key_padding_mask", kpm))
        kwargs["key_padding_mask"] = torch.tensor(kpm != 0)
    if causal:
        kwargs["attn_mask"] = torch.ones(t, src_len, dtype=torch.bool).triu(1)
    if attn_mask is not None:
        inputs.append(("attn_mask", attn_mask))
        kwargs["attn_mask"] = torch.tensor(attn_mask != 0) if attn_mask.dtype == np.int64 \
            else torch.tensor(attn_mask, dtype=torch.float64)
    out, w = mha(q, k, v, need_weights=need_weights, average_attn_weights=average, **kwargs)
    gout = torch.randn(out.shape, dtype=torch.float64)
    out.backward(gout)
    outputs = {"out": out.detach().numpy()}
    if need_weights:
        outputs["attn_weights"] = w.detach().numpy()
    attrs = {"embed_dim": e, "num_heads": heads, "batch_first": batch_first, "self_attention": self_attn,
             "causal": causal, "key_padding_mask": kpm_pads is not None, "need_weights": need_weights,
             "average_attn_weights": average, "dropout": 0.0, "bias": bias, "kdim": kdim, "vdim": vdim,
             "add_bias_kv": add_bias_kv, "add_zero_attn": add_zero_attn}
    write_case(cid, "multihead_attention", attrs, inputs, views, req, outputs,
               {stem: leaves[stem].grad.numpy() for stem in req}, gout.numpy())


os.makedirs(OUT, exist_ok=True)
sdpa_case("x_sdpa_kpm", (2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 5), kpm_pads=[2, 0])
sdpa_case("x_sdpa_causal_rect", (2, 1, 4, 6), (2, 1, 6, 6), (2, 1, 6, 3), causal=True)
sdpa_case("x_sdpa_3d_scale", (3, 5, 4), (3, 7, 4), (3, 7, 2), scale=0.5)
sdpa_case("x_sdpa_mask_int", (2, 2, 5, 4), (2, 2, 5, 4), (2, 2, 5, 4),
          attn_mask=np.array([[0, 1, 0, 0, 1]] * 5, dtype=np.int64))
sdpa_case("x_sdpa_mask_float", (1, 3, 4, 4), (1, 3, 6, 4), (1, 3, 6, 4),
          attn_mask=rand(4, 6))
sdpa_case("x_sdpa_permuted", None, (2, 3, 5, 8), (2, 3, 5, 8), q_views=((2, 5, 3, 8), [["permute", [0, 2, 1, 3]]]))
sdpa_case("x_sdpa_kpm_causal", (2, 2, 5, 4), (2, 2, 5, 4), (2, 2, 5, 4), causal=True, kpm_pads=[1, 3])
sdpa_case("x_sdpa_S1", (2, 4, 3), (2, 1, 3), (2, 1, 5))
mha_case("x_mha_seqfirst_kpm", 12, 3, 3, 5, 5, batch_first=False, self_attn=True, kpm_pads=[0, 2, 1])
mha_case("x_mha_cross_kpm", 8, 2, 2, 4, 6, kpm_pads=[3, 0])
mha_case("x_mha_noweights", 8, 4, 2, 3, 5, need_weights=False)
mha_case("x_mha_perhead", 8, 2, 2, 3, 4, average=False)
mha_case("x_mha_kvdim", 8, 2, 2, 3, 4, kdim=5, vdim=7)
mha_case("x_mha_nobias", 6, 3, 2, 4, 4, bias=False)
mha_case("x_mha_unbatched", 8, 2, 1, 4, 5, unbatched=True, kpm_pads=[1])
mha_case("x_mha_view", 8, 2, 2, 4, 5, query_view=((2, 8, 4), [["transpose", 1, 2]]))
mha_case("x_mha_floatmask", 8, 2, 2, 4, 5, attn_mask=rand(4, 5))
mha_case("x_mha_mask3d", 8, 2, 2, 4, 5, attn_mask=(np.random.RandomState(1).rand(4, 4, 5) < 0.3).astype(np.int64)
         * np.array([0, 1, 1, 1, 1], dtype=np.int64))
mha_case("x_mha_self_causal_seqfirst", 8, 4, 2, 6, 6, batch_first=False, self_attn=True, causal=True)
sdpa_case("x_sdpa_expand_k", (2, 3, 4, 8), None, (2, 3, 6, 8), k_views=((2, 1, 6, 8), [["expand", [2, 3, 6, 8]]]))
sdpa_case("x_sdpa_L1", (3, 1, 5), (3, 4, 5), (3, 4, 2))
sdpa_case("x_sdpa_extreme", (2, 2, 4, 8), (2, 2, 5, 8), (2, 2, 5, 8), magnitude=30.0)
mha_case("x_mha_T1S1", 8, 2, 3, 1, 1)
mha_case("x_mha_onehead", 6, 1, 2, 3, 4)
mha_case("x_mha_dh1", 4, 4, 2, 3, 5, batch_first=False)
mha_case("x_mha_expand_query", 8, 2, 3, 4, 5, query_view=((1, 4, 8), [["expand", [3, 4, 8]]]))
mha_case("x_mha_bias_kv", 8, 2, 2, 4, 5, add_bias_kv=True, kpm_pads=[2, 0], attn_mask=rand(4, 5))
mha_case("x_mha_zero_attn", 8, 2, 2, 4, 4, self_attn=True, add_zero_attn=True, causal=True)
mha_case("x_mha_bias_kv_zero_seqfirst", 8, 4, 3, 3, 5, batch_first=False, add_bias_kv=True, add_zero_attn=True,
         average=False)
print("wrote", len(os.listdir(OUT)), "cases to", OUT)
