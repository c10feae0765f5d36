"""Writes torchvision's state-dict layouts (key, dtype, shape, in order) for the architecture tests.

Run with /usr/bin/python3 from this directory; writes ../resources/torchvision/<model>.txt and
prints the parameter counts pasted into ModelsTest.java. No weights are downloaded.
"""
import os

import torch
import torchvision.models as models

out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torchvision")
os.makedirs(out_dir, exist_ok=True)

for name, ctor in [("resnet18", models.resnet18), ("resnet34", models.resnet34), ("resnet50", models.resnet50),
                   ("vgg16", models.vgg16), ("alexnet", models.alexnet),
                   ("mobilenet_v2", models.mobilenet_v2)]:
    m = ctor()
    with open(os.path.join(out_dir, name + ".txt"), "w") as f:
        f.write("# torchvision 0.14 %s() state_dict: key dtype shape\n" % name)
        for k, v in m.state_dict().items():
            f.write("%s %s %s\n" % (k, str(v.dtype).replace("torch.", ""), ",".join(str(s) for s in v.shape)))
    print(name, sum(p.numel() for p in m.parameters()))
