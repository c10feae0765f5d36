package dev.arabica.cnn.detection;

import static dev.arabica.cnn.CnnAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Box IoU, NMS and YOLO decoding: hand-checked cases and torchvision's results. */
class DetectionTest {
    static Tensor boxes(float... v) {
        return Tensor.of(v, v.length / 4, 4);
    }

    @Test
    void iouHandChecked() {
        Tensor a = boxes(0, 0, 2, 2, 0, 0, 4, 4, 0, 0, 1, 1, 1, 1, 1, 1);
        Tensor b = boxes(1, 1, 3, 3, 1, 1, 2, 2, 1, 0, 2, 1, 1, 1, 1, 1);
        Tensor iou = Boxes.iou(a, b);
        assertArrayEquals(new int[] {4, 4}, iou.shape());
        assertEquals(1 / 7f, iou.get(0, 0), 1e-7);   // overlap 1, union 7
        assertEquals(1 / 16f, iou.get(1, 1), 1e-7);  // contained
        assertEquals(1 / 4f, iou.get(0, 1), 1e-7);   // [1,1,2,2] inside [0,0,2,2]
        assertEquals(0f, iou.get(2, 2));             // touching edges
        assertEquals(0f, iou.get(3, 3));             // two empty boxes: 0, not NaN
        assertEquals(0f, iou.get(2, 0));             // disjoint
        Tensor self = Boxes.iou(a.slice(0, 0, 3), a.slice(0, 0, 3));
        for (int i = 0; i < 3; i++) assertEquals(1f, self.get(i, i), 1e-7);
        // empty sets
        assertArrayEquals(new int[] {0, 4}, Boxes.iou(Tensor.zeros(0, 4), b).shape());
    }

    @Test
    void iouMatchesTorchvisionAndPackedHelper() {
        Tensor all = Tensor.of(DetectionReferences.BOXES, 40, 4);
        Tensor a = all.slice(0, 0, 8), b = all.slice(0, 8, 16);
        assertClose(DetectionReferences.IOU_FIRST8, new int[] {8, 8}, Boxes.iou(a, b), 1e-6, 1e-7);
        Tensor iou = Boxes.iou(all, all);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) assertEquals(iou.get(i, j), Boxes.iou(DetectionReferences.BOXES, i, j), 0f);
        }
    }

    @Test
    void formatsConvertBothWays() {
        Tensor corners = boxes(0, 0, 2, 2, 1, 2, 4, 8);
        Tensor center = Boxes.cornersToCenter(corners);
        assertClose(boxes(1, 1, 2, 2, 2.5f, 5, 3, 6), center, 0, 0);
        assertClose(corners, Boxes.centerToCorners(center), 0, 0);
        assertClose(Boxes.iou(corners, corners), Boxes.iouCenter(center, center), 0, 0);
        assertClose(Tensor.of(4f, 18f), Boxes.area(corners), 0, 0);
        // any leading shape
        assertArrayEquals(new int[] {2, 3, 4}, Boxes.centerToCorners(Tensor.zeros(2, 3, 4)).shape());
    }

    @Test
    void iouIsDifferentiable() {
        Tensor a = boxes(0.1f, 0.2f, 2.3f, 2.1f, 1.0f, 0.5f, 3.5f, 4.0f).requiresGrad_(true);
        Tensor b = boxes(1.1f, 1.3f, 3.2f, 3.9f, 0.4f, 0.1f, 2.2f, 1.7f, 5, 5, 6, 7).requiresGrad_(true);
        GradCheck.assertGradients(in -> Boxes.iou(in[0], in[1]), new GradCheck.Options(1e-3, 2e-2, 2e-3, 1), a, b);
    }

    @Test
    void nmsHandChecked() {
        // A and E identical (score tie), B overlaps A by 81/119 = 0.68, C = B in another class, D apart
        Tensor bx = boxes(0, 0, 10, 10, 1, 1, 11, 11, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 10);
        Tensor sc = Tensor.of(0.9f, 0.8f, 0.8f, 0.8f, 0.9f);
        Tensor cl = Tensor.ofLongs(new long[] {0, 0, 1, 0, 1}, 5);
        assertArrayEquals(new long[] {0, 3}, Nms.nms(bx, sc, 0.5).toLongArray());
        assertArrayEquals(new long[] {0, 1, 3}, Nms.nms(bx, sc, 0.7).toLongArray());
        assertArrayEquals(new long[] {0, 4, 3}, Nms.batchedNms(bx, sc, cl, 0.5).toLongArray());
        assertArrayEquals(new long[] {0, 4, 1, 2, 3}, Nms.batchedNms(bx, sc, cl, 0.7).toLongArray());
        // IoU exactly at the threshold is kept (suppression needs IoU > threshold)
        Tensor half = boxes(0, 0, 2, 1, 0, 0, 1, 1);
        assertArrayEquals(new long[] {0, 1}, Nms.nms(half, Tensor.of(0.5f, 0.4f), 0.5).toLongArray());
        assertArrayEquals(new long[] {0}, Nms.nms(half, Tensor.of(0.5f, 0.4f), 0.49).toLongArray());
        assertEquals(0, Nms.nms(Tensor.zeros(0, 4), Tensor.zeros(0), 0.5).numel());
    }

    @Test
    void nmsMatchesTorchvisionWithTies() {
        Tensor bx = Tensor.of(DetectionReferences.BOXES, 40, 4);
        Tensor sc = Tensor.of(DetectionReferences.SCORES, 40);
        Tensor cl = Tensor.ofLongs(DetectionReferences.CLASSES, 40);
        double[] thresholds = {0.0, 0.3, 0.5, 0.7};
        long[][] nms = {DetectionReferences.NMS_0_0, DetectionReferences.NMS_0_3, DetectionReferences.NMS_0_5, DetectionReferences.NMS_0_7};
        long[][] batched = {DetectionReferences.BATCHED_NMS_0_0, DetectionReferences.BATCHED_NMS_0_3,
                DetectionReferences.BATCHED_NMS_0_5, DetectionReferences.BATCHED_NMS_0_7};
        for (int k = 0; k < thresholds.length; k++) {
            assertArrayEquals(nms[k], Nms.nms(bx, sc, thresholds[k]).toLongArray(), "nms at " + thresholds[k]);
            assertArrayEquals(batched[k], Nms.batchedNms(bx, sc, cl, thresholds[k]).toLongArray(), "batched_nms at " + thresholds[k]);
        }
    }

    @Test
    void selectFiltersSuppressesAndCaps() {
        Tensor bx = boxes(0, 0, 10, 10, 1, 1, 11, 11, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 10, 40, 40, 41, 41);
        Tensor sc = Tensor.of(0.9f, 0.8f, 0.8f, 0.8f, 0.9f, 0.1f);
        Tensor cl = Tensor.ofLongs(new long[] {0, 0, 1, 0, 1, 0}, 6);
        Detections d = Detections.select(bx, sc, cl, 0.5, 0.5, 10, true);
        assertArrayEquals(new long[] {0, 4, 3}, d.indices().toLongArray());
        assertArrayEquals(new long[] {0, 1, 0}, d.classes().toLongArray());
        assertClose(Tensor.of(0.9f, 0.9f, 0.8f), d.scores(), 0, 0);
        assertClose(boxes(0, 0, 10, 10, 0, 0, 10, 10, 20, 20, 30, 30), d.boxes(), 0, 0);
        assertEquals(2, Detections.select(bx, sc, cl, 0.5, 0.5, 2, true).size());
        assertArrayEquals(new long[] {0, 3}, Detections.select(bx, sc, cl, 0.5, 0.5, 10, false).indices().toLongArray());
        assertArrayEquals(new long[] {0, 3, 5}, Detections.select(bx, sc, cl, 0.1, 0.5, 10, false).indices().toLongArray());
        assertEquals(0, Detections.select(bx, sc, cl, 0.95, 0.5, 10, true).size());
        assertEquals(0, Detections.select(bx, sc, cl, 0.5, 0.5, 0, true).size());
    }

    @Test
    void badInputIsRejected() {
        Tensor bx = boxes(0, 0, 1, 1, 2, 2, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(bx, Tensor.of(1f, 2f), 0.5));
        assertTrue(e.getMessage().contains("box 1 (2.0, 2.0, 1.0, 3.0) is not in corner format"), e.getMessage());
        Tensor ok = boxes(0, 0, 1, 1, 0, 0, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(ok, Tensor.of(1f, 2f, 3f), 0.5));
        assertTrue(e.getMessage().contains("scores must be float [N] for boxes [2,4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nms.nms(ok, Tensor.of(1f, Float.NaN), 0.5));
        assertThrows(IllegalArgumentException.class, () -> Nms.nms(ok, Tensor.of(1f, 2f), 1.5));
        assertThrows(IllegalArgumentException.class, () -> Nms.batchedNms(ok, Tensor.of(1f, 2f), Tensor.of(0f, 1f), 0.5));
        e = assertThrows(IllegalArgumentException.class, () -> Boxes.iou(Tensor.zeros(3, 5), ok));
        assertTrue(e.getMessage().contains("iou: boxes must be a float tensor [K, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Detections.select(ok, Tensor.of(1f, 2f), Tensor.ofLongs(new long[] {0}, 1), 0.5, 0.5, 1, true));
    }

    @Test
    void yoloDecodingHandChecked() {
        // grid 2 x 3, one anchor (2 x 1 cells), two classes; only cell (row 1, col 2) is confident
        YoloHead head = new YoloHead(new float[][] {{2, 1}}, 2);
        float[] f = new float[7 * 2 * 3];
        int cell = 1 * 3 + 2;
        f[2 * 6 + cell] = (float) Math.log(2); // t_w
        f[4 * 6 + cell] = 10;                   // objectness
        f[6 * 6 + cell] = (float) Math.log(3);  // class 1 logit: probs (1/4, 3/4)
        Tensor features = Tensor.of(f, 1, 7, 2, 3);
        YoloHead.Output out = head.decode(features);
        assertArrayEquals(new int[] {1, 2, 3, 1, 2}, out.xy().shape());
        assertEquals(2.5f / 3, out.xy().get(0, 1, 2, 0, 0), 1e-6);
        assertEquals(1.5f / 2, out.xy().get(0, 1, 2, 0, 1), 1e-6);
        assertEquals(0.5f / 3, out.xy().get(0, 0, 0, 0, 0), 1e-6);
        assertEquals(0.5f / 2, out.xy().get(0, 0, 0, 0, 1), 1e-6);
        assertEquals(4f / 3, out.wh().get(0, 1, 2, 0, 0), 1e-6);
        assertEquals(0.5f, out.wh().get(0, 1, 2, 0, 1), 1e-6);
        assertEquals(0.75f, out.classProbs().get(0, 1, 2, 0, 1), 1e-6);
        assertEquals(0.5f, out.confidence().get(0, 0, 1, 0, 0), 1e-6);

        // image 60 x 100: the one box above the threshold, (x1, y1, x2, y2) in pixels
        List<Detections> det = head.detect(features, 60, 100, 0.5, 0.5, 10, true);
        assertEquals(1, det.size());
        Detections d = det.get(0);
        assertEquals(1, d.size());
        assertClose(boxes(100f / 6, 30, 150, 60), d.boxes(), 1e-5, 1e-5);
        assertEquals(0.75f / (1 + (float) Math.exp(-10)), d.scores().item(), 1e-6);
        assertEquals(1, d.classes().getLong(0));
        assertEquals(cell, d.indices().getLong(0)); // index into the H x W x A candidates
        // below the threshold every box goes
        assertEquals(0, head.detect(features, 60, 100, 0.8, 0.5, 10, true).get(0).size());
    }

    @Test
    void yoloMatchesTheCoursePipeline() {
        float[][] anchors = {{0.57273f, 0.677385f}, {1.87446f, 2.06253f}};
        YoloHead head = new YoloHead(anchors, 3);
        Tensor channelLast = Tensor.of(DetectionReferences.YOLO_FEATURES, 1, 3, 3, 2, 8);
        YoloHead.Output out = head.decode(channelLast);
        assertClose(DetectionReferences.YOLO_XY, new int[] {1, 3, 3, 2, 2}, out.xy(), 1e-5, 1e-6);
        assertClose(DetectionReferences.YOLO_WH, new int[] {1, 3, 3, 2, 2}, out.wh(), 1e-5, 1e-6);
        assertClose(DetectionReferences.YOLO_CONFIDENCE, new int[] {1, 3, 3, 2, 1}, out.confidence(), 1e-5, 1e-6);
        assertClose(DetectionReferences.YOLO_PROBS, new int[] {1, 3, 3, 2, 3}, out.classProbs(), 1e-5, 1e-6);

        // the same features in the conv layout [N, A (5 + C), H, W] decode identically
        Tensor conv = channelLast.reshape(1, 3, 3, 16).permute(0, 3, 1, 2).contiguous();
        assertClose(out.xy(), head.decode(conv).xy(), 1e-6, 0); // the SIMD and strided sigmoid paths may differ by an ulp

        Detections d = head.detect(conv, 720, 1280, 0.3, 0.5, 10, false).get(0);
        int k = DetectionReferences.YOLO_SCORES.length;
        assertClose(DetectionReferences.YOLO_SCORES, new int[] {k}, d.scores(), 1e-5, 1e-6);
        assertArrayEquals(DetectionReferences.YOLO_CLASSES, d.classes().toLongArray());
        assertClose(DetectionReferences.YOLO_BOXES, new int[] {k, 4}, d.boxes(), 1e-5, 1e-3);
    }

    @Test
    void yoloRejectsMismatchedFeatures() {
        YoloHead head = new YoloHead(YoloHead.COURSE_ANCHORS, 80);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.decode(Tensor.zeros(1, 424, 19, 19)));
        assertTrue(e.getMessage().contains("expected float features [N, 425, H, W] (5 anchors x (5 + 80 classes))"), e.getMessage());
        assertArrayEquals(new int[] {1, 19, 19, 5, 80}, head.decode(Tensor.zeros(1, 425, 19, 19)).classProbs().shape());
        assertThrows(IllegalArgumentException.class, () -> new YoloHead(new float[][] {{1, -1}}, 2));
        assertThrows(IllegalArgumentException.class, () -> new YoloHead(new float[][] {{1, 1}}, 0));
    }
}
