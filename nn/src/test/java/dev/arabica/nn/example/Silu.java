package dev.arabica.nn.example;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.UnaryOp;

/**
 * SiLU, {@code silu(x) = x * sigmoid(x)}, written outside core through the op-author API: the
 * worked example of {@code docs/adding-an-op.md}, which quotes this file (a test checks that the
 * quotes stay verbatim).
 */
public final class Silu {
    private Silu() {}

    /** Elements per block of the parallel loops; inputs of two blocks and more use the pool. */
    private static final int GRAIN = 1 << 16;

    // op-start
    /** {@code x * sigmoid(x)}, elementwise, any shape; differentiable. */
    public static Tensor silu(Tensor x) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("silu: expected a float32 tensor, got " + x.dtype()
                    + " of shape " + Shape.format(x.shape()));
        }
        Tensor xc = x.detach().contiguous();   // no copy when x is already contiguous
        float[] xs = xc.storage();             // read only: never write an input's storage
        int xo = xc.offset(), n = xc.numel();
        float[] s = new float[n], out = new float[n];
        Parallel.forRange(n, GRAIN, n >= 2 * GRAIN, (from, to) -> {
            VectorOps.sigmoid(xs, xo + from, s, from, to - from);
            VectorOps.mul(xs, xo + from, s, from, out, from, to - from);
        });
        Tensor y = Tensor.wrap(out, x.shape()); // the result owns `out`, no copy
        // silu'(x) = s + x s (1 - s) = s (1 + x (1 - s)), with s = sigmoid(x) kept from the forward.
        return Autograd.record(y, "silu", new Tensor[] {x}, g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.storage();
            int go = gc.offset();
            float[] dx = new float[n];
            Parallel.forRange(n, GRAIN, n >= 2 * GRAIN, (from, to) -> {
                int len = to - from;
                VectorOps.unary(UnaryOp.RSUB_SCALAR, 1f, 0f, s, from, dx, from, len); // 1 - s
                VectorOps.mul(xs, xo + from, dx, from, dx, from, len);                // x (1 - s)
                VectorOps.addScalar(dx, from, 1f, dx, from, len);                     // 1 + x (1 - s)
                VectorOps.mul(dx, from, s, from, dx, from, len);                      // silu'(x)
                VectorOps.mul(dx, from, gs, go + from, dx, from, len);                // times g
            });
            return new Tensor[] {Tensor.wrap(dx, x.shape())};
        });
    }
    // op-end
}
