package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Log-softmax over {@code dim}: {@code x - logsumexp(x)}; pair with {@link Losses#nllLoss}. */
public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
