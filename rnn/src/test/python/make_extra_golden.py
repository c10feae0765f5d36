#!/usr/bin/python3
"""Writes extra recurrent/embedding cases in the ../shared/golden format to a folder (not committed),
to exercise the golden handlers on what the public set does not show: several layers, no bias,
time-major input, non-contiguous views, unbatched input, absent initial states, ReLU RNNs.

    /usr/bin/python3 rnn/src/test/python/make_extra_golden.py /tmp/rnn-golden
    mvn -pl rnn -am test -Dtest=RnnGoldenTest -Dgolden.dir=/tmp/rnn-golden -Dsurefire.failIfNoSpecifiedTests=false

Reference as in the golden README: float32 inputs, computed in float64, rounded to float32.
"""
import json
import os
import sys

import numpy as np
import torch

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/rnn-golden"


def save_case(cid, op, attrs, inputs, views, outputs, grads, upstream, notes=""):
    d = os.path.join(OUT, cid)
    os.makedirs(d, exist_ok=True)
    files = {}

    def put(stem, arr):
        arr = np.ascontiguousarray(arr)
        np.save(os.path.join(d, stem + ".npy"), arr)
        files[stem] = {"shape": list(arr.shape), "dtype": "int64" if arr.dtype == np.int64 else "float32"}

    for stem, arr in inputs:
        put(stem, arr)
    for stem, arr in outputs.items():
        put(stem, arr)
    for stem, arr in upstream.items():
        put(stem, arr)
    for stem, arr in grads.items():
        put("grad_" + stem, arr)
    spec = {
        "id": cid, "family": "recurrent" if op != "embedding" else "nn", "op": op, "attrs": attrs,
        "inputs": [s for s, _ in inputs], "views": views,
        "requires_grad": list(grads.keys()), "outputs": list(outputs.keys()),
        "upstream": {o: "gout_" + o for o in outputs} if len(outputs) > 1 else "gout_" + list(outputs)[0],
        "upstream_map": {o: "gout_" + o for o in outputs},
        "grads": {s: "grad_" + s for s in grads},
        "rtol": 1e-4, "atol": 1e-4 if op != "embedding" else 1e-5, "notes": notes, "tags": [], "files": files,
    }
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(spec, f, indent=1)


def apply_views(t, steps):
    for s in steps:
        if s[0] == "transpose":
            t = t.transpose(s[1], s[2])
        elif s[0] == "permute":
            t = t.permute(*s[1])
        elif s[0] == "slice":
            _, dim, start, stop, step = s
            idx = [slice(None)] * t.dim()
            idx[dim] = slice(start, stop, step)
            t = t[tuple(idx)]
        elif s[0] == "expand":
            t = t.expand(*s[1])
    return t


def recurrent_case(cid, kind, I, H, layers, bias, batch_first, bidirectional, T, B, seed, states=True,
                   unbatched=False, x_store=None, x_views=None, nonlinearity="tanh"):
    g = torch.Generator().manual_seed(seed)
    D = 2 if bidirectional else 1
    if kind == "lstm":
        mod = torch.nn.LSTM(I, H, layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    elif kind == "gru":
        mod = torch.nn.GRU(I, H, layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    else:
        mod = torch.nn.RNN(I, H, layers, nonlinearity=nonlinearity, bias=bias, batch_first=batch_first,
                           bidirectional=bidirectional)
    mod = mod.double()
    xshape = (T, I) if unbatched else ((B, T, I) if batch_first else (T, B, I))
    stored = x_store if x_store is not None else xshape
    x32 = (torch.rand(*stored, generator=g) * 2 - 1).float()
    sshape = (layers * D, H) if unbatched else (layers * D, B, H)
    h32 = (torch.rand(*sshape, generator=g) * 2 - 1).float()
    c32 = (torch.rand(*sshape, generator=g) * 2 - 1).float()
    params = []
    for name, p in mod.named_parameters():
        w32 = (torch.rand(*p.shape, generator=g) * 2 - 1).float() * 0.6
        with torch.no_grad():
            p.copy_(w32.double())
        params.append((name, w32))
    xb = x32.double().requires_grad_(True)
    x = apply_views(xb, x_views or [])
    assert tuple(x.shape) == xshape, (x.shape, xshape)
    h = h32.double().requires_grad_(True)
    c = c32.double().requires_grad_(True)
    if kind == "lstm":
        out, (hn, cn) = mod(x, (h, c)) if states else mod(x)
        outs = {"out": out, "h_n": hn, "c_n": cn}
    else:
        out, hn = mod(x, h) if states else mod(x)
        outs = {"out": out, "h_n": hn}
    ups = {o: (torch.rand(*v.shape, generator=g) * 2 - 1).float() for o, v in outs.items()}
    total = sum((v * ups[o].double()).sum() for o, v in outs.items())
    inputs_t = [xb] + ([h, c] if kind == "lstm" else [h]) * 1 if states else [xb]
    if states and kind != "lstm":
        inputs_t = [xb, h]
    named = dict(mod.named_parameters())
    grads_all = torch.autograd.grad(total, inputs_t + [named[n] for n, _ in params])
    inputs = [("x", x32.numpy())]
    grads = {"x": grads_all[0].float().numpy()}
    k = 1
    if states:
        inputs.append(("h0", h32.numpy()))
        grads["h0"] = grads_all[k].float().numpy()
        k += 1
        if kind == "lstm":
            inputs.append(("c0", c32.numpy()))
            grads["c0"] = grads_all[k].float().numpy()
            k += 1
    for (n, w32), gr in zip(params, grads_all[k:]):
        inputs.append((n, w32.numpy()))
        grads[n] = gr.float().numpy()
    attrs = {"input_size": I, "hidden_size": H, "num_layers": layers, "bias": bias, "batch_first": batch_first,
             "bidirectional": bidirectional}
    op = kind
    if kind == "rnn":
        op = "rnn_tanh" if nonlinearity == "tanh" else "rnn_relu"
        attrs["nonlinearity"] = nonlinearity
    save_case(cid, op, attrs, inputs, {"x": x_views} if x_views else {},
              {o: v.detach().float().numpy() for o, v in outs.items()}, grads,
              {"gout_" + o: u.numpy() for o, u in ups.items()})


def embedding_case(cid, num, dim, idx_shape, padding_idx, seed, scale=False):
    g = torch.Generator().manual_seed(seed)
    idx = torch.randint(0, num, idx_shape, generator=g)
    w32 = torch.randn(num, dim, generator=g).float()
    w = w32.double().requires_grad_(True)
    out = torch.nn.functional.embedding(idx, w, padding_idx=padding_idx, scale_grad_by_freq=scale)
    up = torch.randn(*out.shape, generator=g).float()
    (gw,) = torch.autograd.grad((out * up.double()).sum(), [w])
    save_case(cid, "embedding", {"padding_idx": padding_idx, "scale_grad_by_freq": scale},
              [("indices", idx.numpy()), ("weight", w32.numpy())], {},
              {"out": out.detach().float().numpy()}, {"weight": gw.float().numpy()}, {"gout_out": up.numpy()})


if __name__ == "__main__":
    recurrent_case("x_lstm_L2_bidir_nobias_tm", "lstm", 5, 3, 2, False, False, True, 4, 3, 1)
    recurrent_case("x_lstm_L3_tm", "lstm", 2, 4, 3, True, False, False, 6, 2, 2)
    recurrent_case("x_gru_L2_bidir_bf_view", "gru", 4, 3, 2, True, True, True, 5, 2, 3,
                   x_store=(5, 2, 4), x_views=[["transpose", 0, 1]])
    recurrent_case("x_gru_nobias_nostate", "gru", 3, 5, 1, False, False, False, 4, 3, 4, states=False)
    recurrent_case("x_rnn_tanh_L2_bidir", "rnn", 3, 4, 2, True, False, True, 5, 2, 5)
    recurrent_case("x_rnn_relu_L2", "rnn", 3, 4, 2, True, True, False, 5, 2, 6, nonlinearity="relu")
    recurrent_case("x_lstm_unbatched", "lstm", 3, 4, 2, True, False, True, 5, 1, 7, unbatched=True)
    recurrent_case("x_lstm_view_permute", "lstm", 3, 2, 1, True, False, False, 4, 3, 8,
                   x_store=(3, 4, 6), x_views=[["permute", [1, 0, 2]], ["slice", 2, 0, 6, 2]])
    recurrent_case("x_lstm_B1_T1", "lstm", 3, 2, 1, True, True, True, 1, 1, 9)
    embedding_case("x_embedding_3d_padm1", 7, 4, (2, 3, 2), -1, 10)
    embedding_case("x_embedding_scale", 5, 3, (9,), None, 11, scale=True)
    print("wrote", OUT)
