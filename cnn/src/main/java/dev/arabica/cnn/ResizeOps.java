package dev.arabica.cnn;

import dev.arabica.cnn.kernels.Resize2d;
import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/** {@code interpolate} (nearest, bilinear) with its backward: validation, sizes, autograd, and {@link Resize2d}. */
final class ResizeOps {
    private ResizeOps() {}

    /**
     * Resizes the last two dims of {@code x} ({@code [N, C, H, W]}). Either {@code size} ({@code {outH, outW}})
     * or {@code scale} ({@code {scaleH, scaleW}}, output {@code floor(in * scale)}) is given, the other null.
     */
    static Tensor interpolate(Tensor x, int[] size, double[] scale, InterpolationMode mode, boolean alignCorners) {
        String op = "interpolate";
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": input must be float32, got " + x.dtype() + " of shape " + Shape.format(x.shape()));
        }
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " must be 4-D [N, C, H, W]");
        }
        if (mode == null) throw new IllegalArgumentException(op + ": mode must not be null");
        if ((size == null) == (scale == null)) {
            throw new IllegalArgumentException(op + ": give either a size or a scale factor, not both or neither");
        }
        if (mode == InterpolationMode.NEAREST && alignCorners) {
            throw new IllegalArgumentException(op + ": alignCorners can only be set with the interpolating mode BILINEAR");
        }
        int h = x.size(2), w = x.size(3), oh, ow;
        double sh = 0, sw = 0;
        if (size != null) {
            if (size.length != 2 || size[0] < 1 || size[1] < 1) {
                throw new IllegalArgumentException(op + ": size must be two positive sizes {H, W}, got " + Shape.format(size));
            }
            oh = size[0];
            ow = size[1];
        } else {
            if (scale.length != 2 || !(scale[0] > 0) || !(scale[1] > 0) || Double.isInfinite(scale[0]) || Double.isInfinite(scale[1])) {
                throw new IllegalArgumentException(op + ": scale factors must be two positive numbers, got " + java.util.Arrays.toString(scale));
            }
            sh = scale[0];
            sw = scale[1];
            oh = (int) Math.floor(h * sh);
            ow = (int) Math.floor(w * sw);
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException(op + ": scale factors " + java.util.Arrays.toString(scale) + " give an empty output "
                        + oh + "x" + ow + " for input " + Shape.format(x.shape()));
            }
        }
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " has an empty plane");
        }
        int n = x.size(0), c = x.size(1), planes = n * c;
        Tensor xc = x.detach().contiguous();
        float[] out = new float[planes * oh * ow];
        Autograd.Backward backward;
        if (mode == InterpolationMode.NEAREST) {
            int[] rows = Resize2d.nearestIndex(h, oh, sh), cols = Resize2d.nearestIndex(w, ow, sw);
            Resize2d.nearestForward(planes, h, w, rows, cols, xc.storage(), xc.offset(), out);
            backward = g -> {
                Tensor gc = g.contiguous();
                float[] dx = new float[planes * h * w];
                Resize2d.nearestBackward(planes, h, w, rows, cols, gc.storage(), gc.offset(), dx);
                return new Tensor[] {Tensor.wrap(dx, n, c, h, w)};
            };
        } else {
            Resize2d.Linear rows = Resize2d.linearIndex(h, oh, sh, alignCorners), cols = Resize2d.linearIndex(w, ow, sw, alignCorners);
            Resize2d.bilinearForward(planes, h, w, rows, cols, xc.storage(), xc.offset(), out);
            backward = g -> {
                Tensor gc = g.contiguous();
                float[] dx = new float[planes * h * w];
                Resize2d.bilinearBackward(planes, h, w, rows, cols, gc.storage(), gc.offset(), dx);
                return new Tensor[] {Tensor.wrap(dx, n, c, h, w)};
            };
        }
        String name = mode == InterpolationMode.NEAREST ? "upsample_nearest2d" : "upsample_bilinear2d";
        return Autograd.record(Tensor.wrap(out, n, c, oh, ow), name, new Tensor[] {x}, backward);
    }
}
