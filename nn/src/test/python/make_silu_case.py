"""Prints the SiLU reference values pasted into nn's SiluTest (docs/adding-an-op.md).

Usage: /usr/bin/python3 nn/src/test/python/make_silu_case.py
As ../shared/golden does: float32 inputs, PyTorch run in float64, results rounded to float32.
"""
import torch

g = torch.Generator().manual_seed(0)
x = (torch.randn(3, 5, generator=g) * 3).float()
x[0, 0], x[0, 1], x[0, 2] = 0.0, -20.0, 20.0  # zero and both saturated ends
gout = torch.randn(3, 5, generator=g).float()
xd = x.double().requires_grad_(True)
out = torch.nn.functional.silu(xd)
out.backward(gout.double())


def java(name, t):
    values = ", ".join(repr(float(v)) + "f" for v in t.float().flatten().tolist())
    print(f"static final float[] {name} = {{{values}}};")


java("X", x)
java("GOUT", gout)
java("OUT", out.detach())
java("GRAD_X", xd.grad)
