package dev.arabica.cnn.face;

import static dev.arabica.cnn.CnnAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Reduction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Triplet losses (course and PyTorch forms) and embedding distance checks. */
class TripletLossTest {
    static final Tensor A = Tensor.of(LossReferences.ANCHOR, 5, 4);
    static final Tensor P = Tensor.of(LossReferences.POSITIVE, 5, 4);
    static final Tensor N = Tensor.of(LossReferences.NEGATIVE, 5, 4);

    @Test
    void courseLossByHand() {
        // ||a-p||^2 = 1; ||a-n||^2 = 4 (first) and 0.25 (second): max(1-4+0.2, 0) + max(1-0.25+0.2, 0) = 0.95
        Tensor a = Tensor.of(new float[] {0, 0, 0, 0}, 2, 2);
        Tensor p = Tensor.of(new float[] {1, 0, 1, 0}, 2, 2);
        Tensor n = Tensor.of(new float[] {0, 2, 0.5f, 0}, 2, 2);
        assertEquals(0.95f, TripletLoss.course(a, p, n, 0.2).item(), 1e-6);
        assertEquals(0, TripletLoss.course(a, p, n, 0.2).dim());
        // one triplet [D]
        assertEquals(0.95f, TripletLoss.course(a.select(0, 1), p.select(0, 1), n.select(0, 1), 0.2).item(), 1e-6);
    }

    @Test
    void courseLossMatchesPyTorch() {
        assertEquals(LossReferences.COURSE_LOSS[0], TripletLoss.course(A, P, N, 0.2).item(), 1e-5);
    }

    @Test
    void marginLossMatchesPyTorch() {
        assertEquals(LossReferences.MARGIN_DEFAULT[0], TripletLoss.tripletMarginLoss(A, P, N).item(), 1e-6);
        assertEquals(LossReferences.MARGIN_SWAP[0], TripletLoss.tripletMarginLoss(A, P, N, 1, 2, 1e-6, true, Reduction.MEAN).item(), 1e-6);
        assertEquals(LossReferences.MARGIN_P1_MARGIN3[0], TripletLoss.tripletMarginLoss(A, P, N, 3, 1, 1e-6, false, Reduction.MEAN).item(), 1e-6);
        assertEquals(LossReferences.MARGIN_P3_SUM[0], TripletLoss.tripletMarginLoss(A, P, N, 2, 3, 1e-6, false, Reduction.SUM).item(), 1e-5);
        assertClose(LossReferences.MARGIN_NONE, new int[] {5}, TripletLoss.tripletMarginLoss(A, P, N, 2, 2, 1e-6, false, Reduction.NONE), 1e-6, 1e-6);
        Tensor a = A.clone().requiresGrad_(true);
        TripletLoss.tripletMarginLoss(a, P, N, 2, 2, 1e-6, true, Reduction.MEAN).backward();
        assertClose(LossReferences.MARGIN_SWAP_GRAD_ANCHOR, new int[] {5, 4}, a.grad(), 1e-5, 1e-6);
    }

    @Test
    void gradientsByCentralDifferences() {
        Tensor a = A.clone().requiresGrad_(true), p = P.clone().requiresGrad_(true), n = N.clone().requiresGrad_(true);
        GradCheck.assertGradients(in -> TripletLoss.course(in[0], in[1], in[2], 0.2), a, p, n);
        GradCheck.assertGradients(in -> TripletLoss.tripletMarginLoss(in[0], in[1], in[2], 2, 2, 1e-6, true, Reduction.SUM), a, p, n);
        GradCheck.assertGradients(in -> TripletLoss.tripletMarginLoss(in[0], in[1], in[2], 2, 3, 1e-6, false, Reduction.SUM), a, p, n);
    }

    @Test
    void badShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TripletLoss.course(A, P.slice(0, 0, 4), N, 0.2));
        assertTrue(e.getMessage().contains("TripletLoss.course: anchor, positive and negative must be float embeddings of one shape"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TripletLoss.tripletMarginLoss(A, P, N, 1, 0, 1e-6, false, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> TripletLoss.course(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3),
                Tensor.zeros(1, 2, 3), 0.2));
    }

    @Test
    void verifyAndIdentify() {
        Tensor me = Tensor.of(0f, 0f, 0f), close = Tensor.of(0.3f, 0.4f, 0f), far = Tensor.of(3f, 4f, 0f);
        assertEquals(0.5, FaceVerification.distance(me, close), 1e-7);
        assertTrue(FaceVerification.verify(close, me, 0.7));
        assertFalse(FaceVerification.verify(far, me, 0.7));
        Map<String, Tensor> db = new LinkedHashMap<>();
        db.put("far", far);
        db.put("close", close);
        FaceVerification.Match m = FaceVerification.identify(me, db, 0.7);
        assertEquals("close", m.identity());
        assertEquals(0.5, m.distance(), 1e-7);
        assertTrue(m.recognized());
        assertFalse(FaceVerification.identify(me, db, 0.4).recognized());
        assertNull(FaceVerification.identify(me, Map.of(), 0.7).identity());
        assertThrows(IllegalArgumentException.class, () -> FaceVerification.distance(me, Tensor.zeros(4)));
        assertArrayEquals(new int[] {3}, me.shape());
    }
}
