package dev.arabica.cnn.models;

/**
 * {@code min(max(x, 0), 6)}, PyTorch's {@code nn.ReLU6} (MobileNet's activation): a
 * {@link Hardtanh} on [0, 6], gradient 1 strictly between 0 and 6.
 */
public final class ReLU6 extends Hardtanh {
    public ReLU6() {
        super(0f, 6f);
    }

    @Override
    protected String extraRepr() {
        return "";
    }
}
