package dev.arabica.cnn.detection;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * Bounding boxes as float tensors {@code [..., 4]}, in one of two formats:
 * <ul>
 *   <li><b>corners</b> {@code (x1, y1, x2, y2)}: top-left and bottom-right corners, {@code x1 <= x2},
 *       {@code y1 <= y2} (torchvision's {@code xyxy}; the course's {@code yolo_boxes_to_corners}
 *       orders them {@code (y1, x1, y2, x2)} instead);</li>
 *   <li><b>centre</b> {@code (cx, cy, w, h)}: centre, width and height, {@code w, h >= 0}
 *       (torchvision's {@code cxcywh}, YOLO's output).</li>
 * </ul>
 * Area is {@code (x2 - x1)(y2 - y1)} (continuous coordinates, no {@code +1}). The conversions and
 * {@link #iou} are built from tensor ops and are differentiable.
 */
public final class Boxes {
    private Boxes() {}

    /** {@code (cx, cy, w, h) -> (cx - w/2, cy - h/2, cx + w/2, cy + h/2)}, shape {@code [..., 4]} kept. */
    public static Tensor centerToCorners(Tensor boxes) {
        check("centerToCorners", boxes);
        int d = boxes.dim() - 1;
        Tensor xy = boxes.slice(d, 0, 2), half = boxes.slice(d, 2, 4).mul(0.5f);
        return Tensor.cat(List.of(xy.sub(half), xy.add(half)), d);
    }

    /** {@code (x1, y1, x2, y2) -> ((x1 + x2)/2, (y1 + y2)/2, x2 - x1, y2 - y1)}, shape kept. */
    public static Tensor cornersToCenter(Tensor boxes) {
        check("cornersToCenter", boxes);
        int d = boxes.dim() - 1;
        Tensor lo = boxes.slice(d, 0, 2), hi = boxes.slice(d, 2, 4);
        return Tensor.cat(List.of(lo.add(hi).mul(0.5f), hi.sub(lo)), d);
    }

    /** Areas {@code [...]} of corner boxes {@code [..., 4]}. */
    public static Tensor area(Tensor boxes) {
        check("area", boxes);
        int d = boxes.dim() - 1;
        return boxes.select(d, 2).sub(boxes.select(d, 0)).mul(boxes.select(d, 3).sub(boxes.select(d, 1)));
    }

    /**
     * Pairwise intersection over union of corner boxes {@code a [N, 4]} and {@code b [M, 4]}:
     * {@code [N, M]} with {@code iou[i][j] = |a_i ∩ b_j| / (|a_i| + |b_j| - |a_i ∩ b_j|)}, the
     * intersection being {@code max(0, min(x2) - max(x1)) * max(0, min(y2) - max(y1))}
     * (torchvision's {@code box_iou}). Where the union is 0 (two empty boxes) the IoU is 0, not NaN.
     *
     * @throws IllegalArgumentException if a shape is not {@code [K, 4]} or a box has
     *     {@code x2 < x1} or {@code y2 < y1} (or NaN coordinates)
     */
    public static Tensor iou(Tensor a, Tensor b) {
        checkCorners("iou", a);
        checkCorners("iou", b);
        Tensor ai = a.unsqueeze(1), bj = b.unsqueeze(0); // [N, 1, 4], [1, M, 4]
        Tensor lo = ai.slice(2, 0, 2).maximum(bj.slice(2, 0, 2));
        Tensor hi = ai.slice(2, 2, 4).minimum(bj.slice(2, 2, 4));
        Tensor wh = hi.sub(lo).clampMin(0);
        Tensor inter = wh.select(2, 0).mul(wh.select(2, 1)); // [N, M]
        Tensor union = area(a).unsqueeze(1).add(area(b).unsqueeze(0)).sub(inter);
        // inter <= union, so where the union is 0 the intersection is 0 too and 0 / MIN_VALUE = 0
        return inter.div(union.clampMin(Float.MIN_VALUE));
    }

    /** {@link #iou} of boxes in centre format {@code (cx, cy, w, h)}. */
    public static Tensor iouCenter(Tensor a, Tensor b) {
        check("iouCenter", a);
        check("iouCenter", b);
        return iou(centerToCorners(a), centerToCorners(b));
    }

    /** IoU of boxes {@code i} and {@code j} of a packed corner array, as {@link #iou} computes it. */
    static float iou(float[] boxes, int i, int j) {
        float ix1 = Math.max(boxes[4 * i], boxes[4 * j]), iy1 = Math.max(boxes[4 * i + 1], boxes[4 * j + 1]);
        float ix2 = Math.min(boxes[4 * i + 2], boxes[4 * j + 2]), iy2 = Math.min(boxes[4 * i + 3], boxes[4 * j + 3]);
        float inter = Math.max(ix2 - ix1, 0f) * Math.max(iy2 - iy1, 0f);
        float union = area(boxes, i) + area(boxes, j) - inter;
        return inter / Math.max(union, Float.MIN_VALUE);
    }

    static float area(float[] boxes, int i) {
        return (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
    }

    private static void check(String op, Tensor boxes) {
        if (boxes.dtype() != DType.FLOAT32 || boxes.dim() == 0 || boxes.size(-1) != 4) {
            throw new IllegalArgumentException(op + ": boxes must be a float tensor [..., 4], got " + boxes.dtype() + " "
                    + Shape.format(boxes.shape()));
        }
    }

    /** Checks a {@code [K, 4]} corner-box tensor and returns its values packed. */
    static float[] checkCorners(String op, Tensor boxes) {
        if (boxes.dtype() != DType.FLOAT32 || boxes.dim() != 2 || boxes.size(1) != 4) {
            throw new IllegalArgumentException(op + ": boxes must be a float tensor [K, 4] of (x1, y1, x2, y2), got "
                    + boxes.dtype() + " " + Shape.format(boxes.shape()));
        }
        float[] v = boxes.toFloatArray();
        for (int i = 0; i < v.length; i += 4) {
            if (!(v[i] <= v[i + 2] && v[i + 1] <= v[i + 3])) {
                throw new IllegalArgumentException(op + ": box " + i / 4 + " (" + v[i] + ", " + v[i + 1] + ", " + v[i + 2] + ", "
                        + v[i + 3] + ") is not in corner format x1 <= x2, y1 <= y2");
            }
        }
        return v;
    }
}
