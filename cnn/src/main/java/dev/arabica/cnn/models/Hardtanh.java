package dev.arabica.cnn.models;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Elementwise {@code clamp(x, minVal, maxVal)}, PyTorch's {@code nn.Hardtanh}; its gradient is 1
 * strictly inside {@code (minVal, maxVal)} and 0 elsewhere, as PyTorch's {@code hardtanh_backward}
 * (unlike {@code clamp}, whose gradient also passes at the bounds). NaN stays NaN. No parameters.
 * {@link ReLU6} is {@code Hardtanh(0, 6)}.
 */
public class Hardtanh extends Module {
    private final float minVal;
    private final float maxVal;

    /** @throws IllegalArgumentException unless {@code minVal < maxVal} */
    public Hardtanh(float minVal, float maxVal) {
        if (!(minVal < maxVal)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need minVal < maxVal, got " + minVal + ", " + maxVal);
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    /** [-1, 1]. */
    public Hardtanh() {
        this(-1f, 1f);
    }

    @Override
    public Tensor forward(Tensor x) {
        return hardtanh(x, minVal, maxVal);
    }

    /** The functional form: {@code clamp(x, min, max)} with PyTorch's hardtanh gradient. */
    public static Tensor hardtanh(Tensor x, float min, float max) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("hardtanh: expected a float tensor, got " + x.dtype() + " " + Shape.format(x.shape()));
        }
        Tensor xc = x.detach().contiguous();
        float[] xs = xc.storage();
        int xo = xc.offset(), n = xc.numel();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            out[i] = v < min ? min : (v > max ? max : v);
        }
        int[] shape = x.shape();
        return Autograd.record(Tensor.wrap(out, shape), "hardtanh", new Tensor[] {x}, g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.storage();
            int go = gc.offset();
            float[] gx = new float[n];
            for (int i = 0; i < n; i++) {
                float v = xs[xo + i];
                gx[i] = v > min && v < max ? gs[go + i] : 0f;
            }
            return new Tensor[] {Tensor.wrap(gx, shape)};
        });
    }

    @Override
    protected String extraRepr() {
        return "minVal=" + minVal + ", maxVal=" + maxVal;
    }
}
