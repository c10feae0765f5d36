package dev.arabica.cnn.detection;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * The boxes a detector keeps for one image, best first.
 *
 * @param boxes float {@code [K, 4]} corner boxes {@code (x1, y1, x2, y2)}
 * @param scores float {@code [K]}, descending
 * @param classes int64 {@code [K]} class indices
 * @param indices int64 {@code [K]}: each detection's index among the candidates given to {@link #select}
 */
public record Detections(Tensor boxes, Tensor scores, Tensor classes, Tensor indices) {

    /** The number of detections K. */
    public int size() {
        return scores.size(0);
    }

    /**
     * The detection step after a detector's head: drops candidates with
     * {@code score < scoreThreshold}, runs NMS (per class, or over all classes as the course's
     * {@code yolo_non_max_suppression} does), and keeps at most {@code maxBoxes}, best first.
     *
     * @param boxes corner boxes {@code [N, 4]}
     * @param scores {@code [N]}
     * @param classes int64 {@code [N]}
     * @param perClass NMS within each class ({@code batched_nms}) if true, across all boxes if false
     * @throws IllegalArgumentException for mismatched shapes, bad boxes, NaN scores, a threshold
     *     outside its range or a negative {@code maxBoxes}
     */
    public static Detections select(Tensor boxes, Tensor scores, Tensor classes, double scoreThreshold, double iouThreshold,
            int maxBoxes, boolean perClass) {
        if (maxBoxes < 0) throw new IllegalArgumentException("Detections.select: maxBoxes must be >= 0, got " + maxBoxes);
        if (Double.isNaN(scoreThreshold)) throw new IllegalArgumentException("Detections.select: scoreThreshold is NaN");
        int n = scores.dim() == 1 ? scores.size(0) : -1;
        if (boxes.dim() != 2 || boxes.size(0) != n || scores.dtype() != DType.FLOAT32 || classes == null
                || classes.dtype() != DType.INT64 || classes.dim() != 1 || classes.size(0) != n) {
            throw new IllegalArgumentException("Detections.select: expected boxes [N, 4], float scores [N] and int64 classes [N], got "
                    + Shape.format(boxes.shape()) + ", " + scores.dtype() + " " + Shape.format(scores.shape()) + ", "
                    + (classes == null ? "null" : classes.dtype() + " " + Shape.format(classes.shape())));
        }
        float[] s = scores.toFloatArray();
        long[] candidates = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (s[i] >= scoreThreshold) candidates[m++] = i;
        Tensor idx = Tensor.ofLongs(java.util.Arrays.copyOf(candidates, m), m);
        Tensor b = boxes.detach().indexSelect(0, idx), sc = scores.detach().indexSelect(0, idx), cl = classes.indexSelect(0, idx);
        long[] kept = Nms.keep("Detections.select", b, sc, perClass ? cl : null, iouThreshold, maxBoxes);
        Tensor k = Tensor.ofLongs(kept, kept.length);
        return new Detections(b.indexSelect(0, k).contiguous(), sc.indexSelect(0, k).contiguous(), cl.indexSelect(0, k).contiguous(),
                idx.indexSelect(0, k).contiguous());
    }
}
