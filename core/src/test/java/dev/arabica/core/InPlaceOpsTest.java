package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The in-place methods (PyTorch's trailing-underscore convention) modify their receiver, also
 * through a strided view, and give the bits of the out-of-place op; the plain names never modify.
 */
class InPlaceOpsTest {

    private static Tensor sample() {
        return Tensor.randn(new Generator(3), 4, 5);
    }

    /** Same shape and the same bits in every element (also used by {@link OutVariantTest}). */
    static void assertBits(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i);
    }

    @Test
    void eachInPlaceOpMatchesItsOutOfPlaceTwin() {
        Tensor x = sample(), o = Tensor.randn(new Generator(4), 4, 5), row = Tensor.randn(new Generator(5), 5);
        assertBits(x.add(o), x.clone().add_(o));
        assertBits(x.add(o.mul(0.5f)), x.clone().add_(o, 0.5f));
        assertBits(x.add(2.5f), x.clone().add_(2.5f));
        assertBits(x.sub(o), x.clone().sub_(o));
        assertBits(x.sub(row), x.clone().sub_(row));            // broadcast
        assertBits(x.sub(1.25f), x.clone().sub_(1.25f));
        assertBits(x.mul(3f), x.clone().mul_(3f));
        assertBits(x.mul(row), x.clone().mul_(row));
        assertBits(x.div(3f), x.clone().div_(3f));               // a true division, not a multiplication by 1/3
        assertBits(x.div(o), x.clone().div_(o));
        assertBits(x.clamp(-0.5f, 0.5f), x.clone().clamp_(-0.5f, 0.5f));
        assertBits(Tensor.zeros(4, 5), x.clone().zero_());
        assertBits(Tensor.full(7f, 4, 5), x.clone().fill_(7f));
        assertBits(o, x.clone().copy_(o));
    }

    @Test
    void inPlaceOpsWriteThroughStridedViewsAndReturnTheReceiver() {
        Tensor base = sample();
        Tensor expected = base.clone();
        Tensor view = base.t().slice(0, 1, 4);               // [3, 4], non-contiguous
        Tensor before = view.clone();
        assertSame(view, view.mul_(2f));
        assertBits(before.mul(2f), view);
        view.div_(4f).clamp_(-0.1f, 0.1f);
        assertBits(before.mul(2f).div(4f).clamp(-0.1f, 0.1f), view);
        // elements outside the view are untouched
        assertBits(expected.slice(1, 0, 1), base.slice(1, 0, 1));
        assertBits(expected.slice(1, 4, 5), base.slice(1, 4, 5));
    }

    @Test
    void outOfPlaceOpsLeaveTheReceiverUnchanged() {
        Tensor x = sample(), copy = x.clone();
        x.add(1f);
        x.mul(2f);
        x.clamp(0f, 1f);
        x.div(3f);
        assertBits(copy, x);
    }

    @Test
    void anOperandThatDoesNotBroadcastToTheReceiverIsRejected() {
        Tensor x = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.mul_(Tensor.zeros(4, 2, 3)));
        assertTrue(e.getMessage().contains("[4,2,3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.add_(Tensor.zeros(3, 3)));
    }

    @Test
    void aTensorThatRequiresGradCannotBeModifiedWhileRecording() {
        Tensor w = Tensor.zeros(3).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.mul_(2f));
        assertTrue(e.getMessage().startsWith("mul_:"), e.getMessage());
        try (var scope = GradMode.noGrad()) {
            w.add_(1f);
        }
        assertEquals(1f, w.get(0));
    }

    @Test
    void reductionsOverOneDimDefaultToKeepdimFalse() {
        Tensor x = sample();
        assertBits(x.sum(1, false), x.sum(1));
        assertBits(x.mean(0, false), x.mean(0));
        assertBits(x.max(1, false).values(), x.max(1).values());
        assertArrayEquals(x.max(1, false).indices().toLongArray(), x.max(1).indices().toLongArray());
        assertBits(x.min(0, false).values(), x.min(0).values());
        assertArrayEquals(x.argmax(1, false).toLongArray(), x.argmax(1).toLongArray());
        assertBits(x.logsumexp(1, false), x.logsumexp(1));
        assertArrayEquals(new int[] {4}, x.sum(1).shape());
        assertArrayEquals(new int[] {5}, x.sum(-2).shape());
    }
}
