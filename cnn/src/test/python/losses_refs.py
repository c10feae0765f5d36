"""Reference values for the triplet-loss and style-transfer tests (PyTorch 1.13).

Run with /usr/bin/python3; paste the printed declarations into face/LossReferences.java and style/StyleReferences.java.
"""
import torch
import torch.nn.functional as F

torch.manual_seed(3)


def floats(name, t):
    t = torch.as_tensor(t)
    print("    static final float[] " + name + " = {" + ", ".join(repr(float(v)) + "f" for v in t.flatten().tolist()) + "};")


# embeddings [5, 4] with values on a 1/8 lattice (exact in float32)
a = (torch.randn(5, 4) * 8).round() / 8
p = (torch.randn(5, 4) * 8).round() / 8
n = (torch.randn(5, 4) * 8).round() / 8
floats("ANCHOR", a)
floats("POSITIVE", p)
floats("NEGATIVE", n)
alpha = 0.2
course = torch.clamp((a - p).pow(2).sum(-1) - (a - n).pow(2).sum(-1) + alpha, min=0).sum()
floats("COURSE_LOSS", course.reshape(1))
for name, kw in [("DEFAULT", {}), ("SWAP", dict(swap=True)), ("P1_MARGIN3", dict(p=1, margin=3.0)),
                 ("P3_SUM", dict(p=3, margin=2.0, reduction="sum")), ("NONE", dict(margin=2.0, reduction="none"))]:
    floats("MARGIN_" + name, F.triplet_margin_loss(a, p, n, **kw).reshape(-1))
ar = a.clone().requires_grad_(True)
F.triplet_margin_loss(ar, p, n, margin=2.0, swap=True).backward()
floats("MARGIN_SWAP_GRAD_ANCHOR", ar.grad)

# style transfer: activations [1, 3, 4, 5] (content / style / generated)
aC = (torch.randn(1, 3, 4, 5) * 8).round() / 8
aS = (torch.randn(1, 3, 4, 5) * 8).round() / 8
aG = (torch.randn(1, 3, 4, 5) * 8).round() / 8
floats("ACT_C", aC)
floats("ACT_S", aS)
floats("ACT_G", aG)
m, nC, nH, nW = aG.shape


def gram(x):
    A = x.reshape(nC, nH * nW)
    return A @ A.T


floats("GRAM_S", gram(aS))
J_content = ((aC - aG) ** 2).sum() / (4 * nH * nW * nC)
floats("J_CONTENT", J_content.reshape(1))
J_style_layer = ((gram(aS) - gram(aG)) ** 2).sum() / (4 * nC ** 2 * (nH * nW) ** 2)
floats("J_STYLE_LAYER", J_style_layer.reshape(1))
aGr = aG.clone().requires_grad_(True)
(((gram(aS) - gram(aGr)) ** 2).sum() / (4 * nC ** 2 * (nH * nW) ** 2)).backward()
floats("J_STYLE_LAYER_GRAD", aGr.grad)
