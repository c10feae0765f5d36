package dev.arabica.rnn;

import dev.arabica.core.kernels.VectorOps;

/** Vectorized gate nonlinearities over array ranges, for the recurrent kernels. */
final class GateMath {
    private GateMath() {}

    /**
     * {@code y = tanh(x)} computed as {@code 2 sigmoid(2x) - 1} with the provider's sigmoid. It was
     * written when the provider's own vector tanh ran 5-200 times slower per element than its sigmoid
     * (C2 ran out of inlining budget in that loop and boxed the vectors; fixed in core since); the
     * LSTM still uses the same form for its {@code g} gate inside the step's single sigmoid pass, and
     * this keeps the recurrent kernels on one formula. Its absolute error is a few float ulps of 1 (about 1e-7), which for the
     * gate values and cell outputs here (compared with absolute tolerances) is as good as tanh; only
     * the relative error of results very close to 0 is larger. {@code y} may be {@code x} (same offset).
     */
    static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorOps.scale(2f, x, xOff, y, yOff, n);
        VectorOps.sigmoid(y, yOff, y, yOff, n);
        VectorOps.scale(2f, y, yOff, y, yOff, n);
        VectorOps.addScalar(y, yOff, -1f, y, yOff, n);
    }
}
