package dev.arabica.cnn.detection;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the output of a YOLO (v2) detector into boxes, as the course's {@code yolo_head},
 * {@code yolo_boxes_to_corners}, {@code yolo_filter_boxes}, {@code scale_boxes} and
 * {@code yolo_non_max_suppression}.
 *
 * <p><b>Input.</b> The last convolution's output {@code [N, A (5 + C), H, W]} for an
 * {@code H x W} grid, {@code A} anchors and {@code C} classes, channel {@code a (5 + C) + k} holding
 * field {@code k} of anchor {@code a}: {@code k = 0, 1} the offsets {@code t_x, t_y}, {@code 2, 3}
 * the log-scales {@code t_w, t_h}, {@code 4} the objectness logit {@code t_o}, {@code 5..} the class
 * logits. The course's channel-last layout {@code [N, H, W, A, 5 + C]} is accepted as well.
 *
 * <p><b>Decoding</b> ({@link #decode}), for the cell in row {@code i}, column {@code j}, anchor
 * {@code (p_w, p_h)} (in grid cells), coordinates relative to the image (in [0, 1] when inside):
 * <pre>
 *   x = (sigmoid(t_x) + j) / W        y = (sigmoid(t_y) + i) / H
 *   w = p_w exp(t_w) / W              h = p_h exp(t_h) / H
 *   confidence = sigmoid(t_o)         classProbs = softmax(class logits)
 * </pre>
 * (The course's Keras code divides {@code x} by {@code H} and {@code y} by {@code W}; the two agree
 * on its square 19 x 19 grid, and this is the correct form for other grids.) These are tensor ops,
 * differentiable, so the same decoding serves a training loss.
 *
 * <p><b>Detection</b> ({@link #detect}): box score {@code = confidence * classProbs}, the best class
 * and its score per box, boxes converted to corners and scaled to the image size in pixels, then
 * {@link Detections#select} (score threshold, NMS, at most {@code maxBoxes}).
 */
public final class YoloHead {
    /** The course's YOLOv2 COCO anchors ({@code yolo_anchors.txt}), {@code (w, h)} in grid cells. */
    public static final float[][] COURSE_ANCHORS = {
        {0.57273f, 0.677385f}, {1.87446f, 2.06253f}, {3.33843f, 5.47434f}, {7.88282f, 3.52778f}, {9.77052f, 9.16828f}};

    private final float[][] anchors;
    private final int numClasses;

    /**
     * @param anchors {@code A} anchor sizes {@code {w, h}} in grid cells, positive
     * @param numClasses {@code C >= 1}
     * @throws IllegalArgumentException for no anchors, an anchor that is not a positive pair, or
     *     {@code numClasses < 1}
     */
    public YoloHead(float[][] anchors, int numClasses) {
        if (anchors.length == 0 || numClasses < 1) {
            throw new IllegalArgumentException("YoloHead: need at least one anchor and one class, got " + anchors.length
                    + " anchors, " + numClasses + " classes");
        }
        this.anchors = new float[anchors.length][];
        for (int a = 0; a < anchors.length; a++) {
            if (anchors[a].length != 2 || !(anchors[a][0] > 0) || !(anchors[a][1] > 0)) {
                throw new IllegalArgumentException("YoloHead: anchor " + a + " must be a positive {w, h}, got "
                        + java.util.Arrays.toString(anchors[a]));
            }
            this.anchors[a] = anchors[a].clone();
        }
        this.numClasses = numClasses;
    }

    public int numAnchors() {
        return anchors.length;
    }

    public int numClasses() {
        return numClasses;
    }

    /**
     * The decoded grid, each {@code [N, H, W, A, k]}: {@code confidence} (k = 1), {@code xy} box
     * centres and {@code wh} sizes (k = 2, relative to the image), {@code classProbs} (k = C).
     */
    public record Output(Tensor confidence, Tensor xy, Tensor wh, Tensor classProbs) {
        /** Corner boxes {@code [N, H, W, A, 4]} {@code (x - w/2, y - h/2, x + w/2, y + h/2)}. */
        public Tensor corners() {
            Tensor half = wh.mul(0.5f);
            return Tensor.cat(List.of(xy.sub(half), xy.add(half)), 4);
        }
    }

    /**
     * Decodes raw features (see the class comment for layouts and formulas).
     *
     * @throws IllegalArgumentException if the shape matches neither layout for this head's anchors
     *     and classes
     */
    public Output decode(Tensor features) {
        Tensor f = toGrid(features); // [N, H, W, A, 5 + C]
        int h = f.size(1), w = f.size(2), a = anchors.length;
        float[] offsets = new float[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                offsets[(i * w + j) * 2] = j;
                offsets[(i * w + j) * 2 + 1] = i;
            }
        }
        float[] anchorWh = new float[a * 2];
        for (int k = 0; k < a; k++) {
            anchorWh[2 * k] = anchors[k][0];
            anchorWh[2 * k + 1] = anchors[k][1];
        }
        Tensor gridSize = Tensor.of(new float[] {w, h}, 2);
        Tensor xy = f.slice(4, 0, 2).sigmoid().add(Tensor.of(offsets, h, w, 1, 2)).div(gridSize);
        Tensor wh = f.slice(4, 2, 4).exp().mul(Tensor.of(anchorWh, a, 2)).div(gridSize);
        Tensor confidence = f.slice(4, 4, 5).sigmoid();
        Tensor classProbs = f.slice(4, 5, 5 + numClasses).softmax(4);
        return new Output(confidence, xy, wh, classProbs);
    }

    /** The features as {@code [N, H, W, A, 5 + C]} (a view when possible). */
    private Tensor toGrid(Tensor features) {
        int[] s = features.shape();
        int a = anchors.length, fields = 5 + numClasses;
        if (features.dtype() == DType.FLOAT32 && s.length == 4 && s[1] == a * fields) {
            return features.reshape(s[0], a, fields, s[2], s[3]).permute(0, 3, 4, 1, 2);
        }
        if (features.dtype() == DType.FLOAT32 && s.length == 5 && s[3] == a && s[4] == fields) return features;
        throw new IllegalArgumentException("YoloHead: expected float features [N, " + a * fields + ", H, W] (" + a + " anchors x (5 + "
                + numClasses + " classes)) or [N, H, W, " + a + ", " + fields + "], got " + features.dtype() + " " + Shape.format(s));
    }

    /**
     * Boxes of each image of the batch (no gradients recorded), best first; box corners in pixels of
     * an {@code imageHeight x imageWidth} image.
     *
     * @param scoreThreshold keep boxes with {@code confidence * classProb >= scoreThreshold} (course: 0.6)
     * @param iouThreshold NMS overlap threshold (course: 0.5)
     * @param maxBoxes at most this many boxes per image (course: 10)
     * @param perClass NMS within each class if true, across classes (as the course) if false
     */
    public List<Detections> detect(Tensor features, int imageHeight, int imageWidth, double scoreThreshold, double iouThreshold,
            int maxBoxes, boolean perClass) {
        if (imageHeight <= 0 || imageWidth <= 0) {
            throw new IllegalArgumentException("YoloHead.detect: image size must be positive, got " + imageHeight + "x" + imageWidth);
        }
        try (var scope = GradMode.noGrad()) {
            Output out = decode(features.detach());
            Tensor boxScores = out.confidence().mul(out.classProbs()); // [N, H, W, A, C]
            Tensor scale = Tensor.of(new float[] {imageWidth, imageHeight, imageWidth, imageHeight}, 4);
            Tensor corners = out.corners().mul(scale);
            int n = boxScores.size(0);
            List<Detections> result = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                Tensor.ValuesIndices best = boxScores.select(0, b).reshape(-1, numClasses).max(1, false);
                Tensor boxes = corners.select(0, b).reshape(-1, 4);
                result.add(Detections.select(boxes, best.values(), best.indices(), scoreThreshold, iouThreshold, maxBoxes, perClass));
            }
            return result;
        }
    }
}
