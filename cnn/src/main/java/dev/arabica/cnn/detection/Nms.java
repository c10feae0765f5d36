package dev.arabica.cnn.detection;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Non-maximum suppression: among overlapping boxes keep the highest-scoring one, as torchvision's
 * {@code nms} and {@code batched_nms}.
 *
 * <p>Boxes are visited in descending score order; ties are broken by the lower index (a stable
 * sort, as torchvision's CPU kernel). A box is kept unless it overlaps an already kept box with
 * {@code IoU > iouThreshold} (strictly greater; same-class boxes only for the batched form). The
 * result lists the kept indices in that visiting order, so it is deterministic for any input.
 * NaN scores are rejected.
 */
public final class Nms {
    private Nms() {}

    /**
     * Indices (int64 {@code [K]}) of the boxes kept by class-agnostic NMS, by descending score.
     *
     * @param boxes corner boxes {@code [N, 4]}
     * @param scores {@code [N]}
     * @param iouThreshold boxes overlapping a kept box by more than this are dropped, in [0, 1]
     */
    public static Tensor nms(Tensor boxes, Tensor scores, double iouThreshold) {
        return batchedNms(boxes, scores, null, iouThreshold);
    }

    /**
     * Per-class NMS ({@code batched_nms}): boxes of different classes never suppress each other.
     * Indices (int64 {@code [K]}) of the kept boxes, by descending score over all classes.
     *
     * @param classes int64 {@code [N]} class (or image) of each box; null means one class
     * @throws IllegalArgumentException for mismatched shapes, boxes not in corner format, NaN scores
     *     or a threshold outside [0, 1]
     */
    public static Tensor batchedNms(Tensor boxes, Tensor scores, Tensor classes, double iouThreshold) {
        long[] kept = keep("batchedNms", boxes, scores, classes, iouThreshold, Integer.MAX_VALUE);
        return Tensor.ofLongs(kept, kept.length);
    }

    /** Kept indices, at most {@code max}, as an array. */
    static long[] keep(String op, Tensor boxes, Tensor scores, Tensor classes, double iouThreshold, int max) {
        float[] b = Boxes.checkCorners(op, boxes);
        int n = b.length / 4;
        if (scores.dtype() != DType.FLOAT32 || scores.dim() != 1 || scores.size(0) != n) {
            throw new IllegalArgumentException(op + ": scores must be float [N] for boxes " + Shape.format(boxes.shape())
                    + ", got " + scores.dtype() + " " + Shape.format(scores.shape()));
        }
        if (classes != null && (classes.dtype() != DType.INT64 || classes.dim() != 1 || classes.size(0) != n)) {
            throw new IllegalArgumentException(op + ": classes must be int64 [N] for boxes " + Shape.format(boxes.shape())
                    + ", got " + classes.dtype() + " " + Shape.format(classes.shape()));
        }
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException(op + ": iouThreshold must be in [0, 1], got " + iouThreshold);
        }
        float[] s = scores.toFloatArray();
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(s[i])) throw new IllegalArgumentException(op + ": score " + i + " is NaN");
        }
        long[] c = classes == null ? new long[n] : classes.toLongArray();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i])); // stable: ties keep index order
        boolean[] suppressed = new boolean[n];
        long[] kept = new long[Math.min(n, Math.max(max, 0))];
        int k = 0;
        for (int a = 0; a < n && k < kept.length; a++) {
            int i = order[a];
            if (suppressed[i]) continue;
            kept[k++] = i;
            for (int z = a + 1; z < n; z++) {
                int j = order[z];
                if (!suppressed[j] && c[j] == c[i] && Boxes.iou(b, i, j) > iouThreshold) suppressed[j] = true;
            }
        }
        return Arrays.copyOf(kept, k);
    }
}
