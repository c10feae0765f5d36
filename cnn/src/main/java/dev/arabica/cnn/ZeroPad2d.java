package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Zero padding of the last two dims, {@code torch.nn.ZeroPad2d}: {@code [..., H, W]} to
 * {@code [..., H + top + bottom, W + left + right]} (negative amounts crop). No parameters.
 */
public class ZeroPad2d extends Module {
    private final int left;
    private final int right;
    private final int top;
    private final int bottom;

    /** PyTorch's order: {@code (left, right, top, bottom)}. */
    public ZeroPad2d(int left, int right, int top, int bottom) {
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
    }

    /** {@code padding} on every side. */
    public ZeroPad2d(int padding) {
        this(padding, padding, padding, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.zeroPad2d(x, left, right, top, bottom);
    }

    /** {@code {left, right, top, bottom}}. */
    public int[] padding() {
        return new int[] {left, right, top, bottom};
    }

    @Override
    protected String extraRepr() {
        return "(" + left + ", " + right + ", " + top + ", " + bottom + ")";
    }
}
