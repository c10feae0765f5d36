"""Reference values for dev.arabica.cnn.vision tests (PyTorch 1.13, torchvision 0.14).

Run with /usr/bin/python3; the printed numbers are pasted into VisionTest.java.
"""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=9, sci_mode=False)


def image(c, h, w):
    """x[c, i, j] = ((c*31 + i*7 + j*3) % 17) / 16: exactly representable, the same in the Java test."""
    ci = torch.arange(c).view(c, 1, 1)
    hi = torch.arange(h).view(1, h, 1)
    wi = torch.arange(w).view(1, 1, w)
    return (((ci * 31 + hi * 7 + wi * 3) % 17).float() / 16)


def flat(t):
    return ", ".join(repr(float(v)) + "f" for v in t.flatten().tolist())


def emit(name, t):
    """Prints a Java array declaration to paste into the test."""
    print("    static final float[] " + name + " = {" + flat(t) + "};")


x = image(2, 5, 7)
for size in [(3, 4), (11, 9), (5, 7), (1, 1), (2, 13)]:
    y = F.interpolate(x.unsqueeze(0), size=size, mode="bilinear", align_corners=False, antialias=False)[0]
    emit("RESIZE_%dx%d" % size, y)

import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode

# affine: 3x6x7 image, bilinear, fill None (plain zero padding)
x3 = image(3, 6, 7)
for k, (angle, t, s) in enumerate([(30.0, [0, 0], 1.0), (-12.5, [1, -2], 1.0), (0.0, [2, 1], 1.0), (90.0, [0, 0], 1.0), (20.0, [1, 1], 1.25)]):
    y = TF.affine(x3[:1], angle=angle, translate=t, scale=s, shear=[0.0, 0.0], interpolation=InterpolationMode.BILINEAR, fill=None)
    emit("AFFINE_%d" % k, y)

# colour ops on a 3x2x3 image
x = image(3, 2, 3)
emit("GRAY", TF.rgb_to_grayscale(x))
emit("BRIGHTNESS_1_3", TF.adjust_brightness(x, 1.3))
emit("CONTRAST_0_6", TF.adjust_contrast(x, 0.6))
emit("CONTRAST_1_7", TF.adjust_contrast(x, 1.7))
emit("SATURATION_0_3", TF.adjust_saturation(x, 0.3))
emit("SATURATION_1_8", TF.adjust_saturation(x, 1.8))
emit("NORMALIZE", TF.normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))
