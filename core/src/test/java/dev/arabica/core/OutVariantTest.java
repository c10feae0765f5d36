package dev.arabica.core;

import static dev.arabica.core.InPlaceOpsTest.assertBits;
import static org.junit.jupiter.api.Assertions.*;

import dev.arabica.core.kernels.Parallel;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The out= variants ({@code a.add(b, out)}, PyTorch's {@code torch.add(a, b, out=out)}) give the
 * bits of their allocating twins, write through any out (aliased, strided), allocate nothing when
 * out is a contiguous buffer, and reject what PyTorch rejects.
 */
class OutVariantTest {

    @Test
    void eachOutVariantMatchesItsAllocatingTwinAndReturnsOut() {
        Tensor x = Tensor.randn(new Generator(1), 6, 7), y = Tensor.randn(new Generator(2), 6, 7), row = Tensor.randn(new Generator(3), 7);
        Tensor pos = x.abs().add(0.1f);
        Tensor out = Tensor.zeros(6, 7);
        assertSame(out, x.add(y, out));
        assertBits(x.add(y), out);
        assertBits(x.sub(row), x.sub(row, out));                 // broadcast
        assertBits(x.mul(y), x.mul(y, out));
        assertBits(x.div(pos), x.div(pos, out));
        assertBits(x.neg(), x.neg(out));
        assertBits(x.exp(), x.exp(out));
        assertBits(pos.log(), pos.log(out));
        assertBits(pos.sqrt(), pos.sqrt(out));
        assertBits(x.abs(), x.abs(out));
        assertBits(x.tanh(), x.tanh(out));
        assertBits(x.sigmoid(), x.sigmoid(out));
        assertBits(x.relu(), x.relu(out));
        Tensor big = Tensor.randn(new Generator(4), 300, 1000), big2 = Tensor.randn(new Generator(5), 300, 1000); // above the parallel threshold
        assertBits(big.mul(big2), big.mul(big2, Tensor.zeros(300, 1000)));
    }

    @Test
    void outMayAliasAnOperandOrBeAStridedView() {
        Tensor x = Tensor.randn(new Generator(6), 5, 5), y = Tensor.randn(new Generator(7), 5, 5);
        Tensor sum = x.add(y), square = x.mul(x), yPlusXt = x.t().add(y);

        Tensor a = x.clone();
        a.add(y, a);                                             // out is the first operand: in place
        assertBits(sum, a);
        Tensor b = y.clone();
        x.add(b, b);                                             // out is the second operand
        assertBits(sum, b);
        Tensor c = x.clone();
        c.mul(c, c);
        assertBits(square, c);
        Tensor d = y.clone();
        x.t().add(d, d);                                         // a strided first operand read while out (= b) is written
        assertBits(yPlusXt, d);
        Tensor e = x.clone();
        e.t().add(y, e);                                         // out overlaps the first operand transposed
        assertBits(yPlusXt, e);

        Tensor base = Tensor.zeros(5, 8);
        Tensor view = base.slice(1, 2, 7);                       // [5, 5], non-contiguous
        assertSame(view, x.add(y, view));
        assertBits(sum, view);
        assertBits(Tensor.zeros(5, 2), base.slice(1, 0, 2));     // elements outside the view untouched
        assertBits(Tensor.zeros(5, 1), base.slice(1, 7, 8));
    }

    @Test
    void aContiguousOutAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 1 << 16;
        Tensor a = Tensor.randn(new Generator(8), n), b = Tensor.randn(new Generator(9), n), out = Tensor.zeros(n);
        Runnable ops = () -> {
            a.add(b, out);
            a.mul(b, out);
            a.exp(out);
            out.mul_(b);
        };
        long perCall = Parallel.withThreads(1, () -> {
            // Warm-up until the kernels are compiled: before C2 has them, the Vector API's vectors
            // are objects on the heap.
            for (int i = 0; i < 3000; i++) ops.run();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) ops.run();
            return (threads.getCurrentThreadAllocatedBytes() - before) / 400;
        });
        // The allocating twin takes 4 MiB per call; what is left is a few small objects (the
        // layout, a lambda) per call, whatever the size.
        assertTrue(perCall < 2048, "bytes allocated per call: " + perCall);
    }

    @Test
    void badOutIsRejectedWithTheShapes() {
        Tensor x = Tensor.zeros(2, 3), y = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(y, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[3,2]") && e.getMessage().contains("[2,3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.exp(Tensor.zeros(6)));
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class, () -> x.add(x, Tensor.zeros(2, 3).toLong()));
        assertTrue(dtype.getMessage().contains("float32"), dtype.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.add(Tensor.zeros(4), Tensor.zeros(2, 3)));
    }

    @Test
    void outVariantsAreNotRecordedSoGradInputsAreAnErrorWhileRecording() {
        Tensor w = Tensor.ones(3).requiresGrad_(true), out = Tensor.zeros(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.mul(w, out));
        assertTrue(e.getMessage().startsWith("mul:"), e.getMessage());
        try (var scope = GradMode.noGrad()) {
            w.mul(w, out);
        }
        assertBits(Tensor.ones(3), out);
    }
}
