"""Reference values for dev.arabica.cnn.detection tests (PyTorch 1.13, torchvision 0.14).

Run with /usr/bin/python3; paste the printed declarations into DetectionReferences.java.
"""
import torch
import torchvision.ops as ops

torch.manual_seed(0)


def floats(name, t):
    print("    static final float[] " + name + " = {" + ", ".join(repr(float(v)) + "f" for v in t.flatten().tolist()) + "};")


def longs(name, t):
    print("    static final long[] " + name + " = {" + ", ".join(str(int(v)) for v in t.flatten().tolist()) + "};")


# 40 boxes on a half-pixel lattice (exact in float32), scores on a 0.1 lattice so that ties occur
n = 40
xy = (torch.randint(0, 40, (n, 2)) / 2.0)
wh = (torch.randint(1, 24, (n, 2)) / 2.0)
boxes = torch.cat([xy, xy + wh], 1)
scores = torch.randint(0, 10, (n,)).float() / 10
classes = torch.randint(0, 3, (n,))
floats("BOXES", boxes)
floats("SCORES", scores)
longs("CLASSES", classes)
for thr in (0.0, 0.3, 0.5, 0.7):
    tag = str(thr).replace(".", "_")
    longs("NMS_" + tag, ops.nms(boxes, scores, thr))
    longs("BATCHED_NMS_" + tag, ops.batched_nms(boxes, scores, classes, thr))
floats("IOU_FIRST8", ops.box_iou(boxes[:8], boxes[8:16]))

# The course's yolo_head + yolo_eval (yad2k semantics), on a 3x3 grid, 2 anchors, 3 classes,
# channel-last features [1, 3, 3, 2, 8]; image 720 x 1280; class-agnostic NMS as the course.
anchors = torch.tensor([[0.57273, 0.677385], [1.87446, 2.06253]])
feats = (torch.randn(1, 3, 3, 2, 8) * 2).round(decimals=2)
floats("YOLO_FEATURES", feats)
gh, gw = 3, 3
rows = torch.arange(gh).view(gh, 1).expand(gh, gw)
cols = torch.arange(gw).view(1, gw).expand(gh, gw)
conv_index = torch.stack([cols, rows], -1).view(1, gh, gw, 1, 2).float()
conv_dims = torch.tensor([gh, gw]).float().view(1, 1, 1, 1, 2)  # as the course (square grid: same)
box_confidence = torch.sigmoid(feats[..., 4:5])
box_xy = (torch.sigmoid(feats[..., :2]) + conv_index) / conv_dims
box_wh = torch.exp(feats[..., 2:4]) * anchors.view(1, 1, 1, 2, 2) / conv_dims
box_class_probs = torch.softmax(feats[..., 5:], -1)
floats("YOLO_XY", box_xy)
floats("YOLO_WH", box_wh)
floats("YOLO_CONFIDENCE", box_confidence)
floats("YOLO_PROBS", box_class_probs)
mins = box_xy - box_wh / 2
maxes = box_xy + box_wh / 2
corners = torch.cat([mins, maxes], -1)  # (x1, y1, x2, y2)
box_scores = box_confidence * box_class_probs
cls_scores, cls = box_scores.max(-1)
mask = cls_scores >= 0.3
b = corners[mask] * torch.tensor([1280.0, 720.0, 1280.0, 720.0])
s = cls_scores[mask]
c = cls[mask]
keep = ops.nms(b, s, 0.5)[:10]
floats("YOLO_BOXES", b[keep])
floats("YOLO_SCORES", s[keep])
longs("YOLO_CLASSES", c[keep])
