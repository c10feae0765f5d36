package dev.arabica.cnn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Convolution, pooling and resizing ops, like {@code torch.nn.functional} (PyTorch names in Java
 * casing, PyTorch's defaults). All take NCHW tensors ({@code [batch, channels, height, width]};
 * {@code [batch, channels, length]} for 1-D), accept non-contiguous views, return new tensors
 * (inputs are never modified) and are differentiable with respect to every tensor argument; the
 * layers of this package call them.
 *
 * <p>Output sizes follow PyTorch: a convolution gives
 * {@code out = floor((in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1},
 * a transposed convolution {@code out = (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1},
 * pooling the formula of {@link PoolOptions}. Bad arguments throw {@link IllegalArgumentException}
 * naming the op and the shapes.
 */
public final class CnnFunctional {
    private CnnFunctional() {}

    // ---------------------------------------------------------------- convolutions

    /**
     * 2-D cross-correlation (the kernel is not flipped):
     * {@code out[n, co, oh, ow] = bias[co] + sum_{ci, ki, kj} x[n, g*Cin/groups + ci, oh*sH - padTop + ki*dH, ow*sW - padLeft + kj*dW] * weight[co, ci, ki, kj]},
     * where {@code g = co / (C_out / groups)} and positions outside the input read zero.
     *
     * @param x {@code [N, C_in, H, W]} (or unbatched {@code [C_in, H, W]})
     * @param weight {@code [C_out, C_in / groups, kH, kW]}
     * @param bias {@code [C_out]} or null
     * @param options stride, padding (explicit, {@link Padding#SAME}, {@link Padding#VALID}), dilation and
     *     groups; {@link ConvOptions#bias()} is ignored here
     * @return {@code [N, C_out, H_out, W_out]}
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, ConvOptions options) {
        return ConvOps.conv2d(x, weight, bias, options);
    }

    /** {@link #conv2d(Tensor, Tensor, Tensor, ConvOptions)} with stride 1 and no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, ConvOptions.DEFAULT);
    }

    /** {@link #conv2d(Tensor, Tensor, Tensor, ConvOptions)} with the same stride and padding in both dims. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, ConvOptions.DEFAULT.stride(stride).padding(padding));
    }

    /**
     * 1-D cross-correlation:
     * {@code out[n, co, o] = bias[co] + sum_{ci, k} x[n, g*Cin/groups + ci, o*stride - padLeft + k*dilation] * weight[co, ci, k]}.
     *
     * @param x {@code [N, C_in, L]} (or unbatched {@code [C_in, L]})
     * @param weight {@code [C_out, C_in / groups, K]}
     * @param bias {@code [C_out]} or null
     * @param options single-valued stride, padding and dilation, and groups
     * @return {@code [N, C_out, L_out]}
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, ConvOptions options) {
        return ConvOps.conv1d(x, weight, bias, options);
    }

    /** {@link #conv1d(Tensor, Tensor, Tensor, ConvOptions)} with stride 1 and no padding. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return conv1d(x, weight, bias, ConvOptions.DEFAULT);
    }

    /**
     * 2-D transposed convolution, the gradient of {@link #conv2d} with respect to its input: every
     * input pixel {@code x[n, ci, i, j]} adds {@code x[n, ci, i, j] * weight[ci, co, ki, kj]} to
     * {@code out[n, g*Cout/groups + co, i*sH - padH + ki*dH, j*sW - padW + kj*dW]} (positions outside the output are dropped).
     *
     * @param x {@code [N, C_in, H, W]} (or unbatched)
     * @param weight {@code [C_in, C_out / groups, kH, kW]} (in and out swapped relative to conv2d, as PyTorch)
     * @param bias {@code [C_out]} or null
     * @return {@code [N, C_out, H_out, W_out]}
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, ConvTransposeOptions options) {
        return ConvOps.convTranspose2d(x, weight, bias, options);
    }

    /** {@link #convTranspose2d(Tensor, Tensor, Tensor, ConvTransposeOptions)} with the defaults (stride 1, no padding). */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return convTranspose2d(x, weight, bias, ConvTransposeOptions.DEFAULT);
    }

    /** {@link #convTranspose2d(Tensor, Tensor, Tensor, ConvTransposeOptions)} with the same stride and padding in both dims. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return convTranspose2d(x, weight, bias, ConvTransposeOptions.DEFAULT.stride(stride).padding(padding));
    }

    // ---------------------------------------------------------------- pooling

    /**
     * 2-D max pooling: the largest input value in each window (padding never wins; NaN does). The
     * gradient goes to the first maximal element of each window (row-major order), summed where
     * windows overlap.
     *
     * @param x {@code [N, C, H, W]} (or {@code [C, H, W]})
     */
    public static Tensor maxPool2d(Tensor x, PoolOptions options) {
        return PoolOps.maxPool2d(x, options, false).values();
    }

    /** {@code kernel x kernel} max pooling with stride {@code kernel}. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, PoolOptions.of(kernel));
    }

    /**
     * {@link #maxPool2d(Tensor, PoolOptions)} also returning the int64 position of each maximum, as
     * PyTorch's {@code return_indices=True}: the flat index {@code ih * W + iw} within its plane.
     */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, PoolOptions options) {
        return PoolOps.maxPool2d(x, options, true);
    }

    /**
     * 2-D average pooling, PyTorch's {@code avg_pool2d}: the window sum divided by the divisor that
     * {@link PoolOptions} describes ({@code countIncludePad}, {@code divisorOverride}); dilation must be 1.
     */
    public static Tensor avgPool2d(Tensor x, PoolOptions options) {
        return PoolOps.avgPool2d(x, options);
    }

    /** {@code kernel x kernel} average pooling with stride {@code kernel}. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, PoolOptions.of(kernel));
    }

    /**
     * Adaptive average pooling to {@code outHeight x outWidth}: output {@code (oh, ow)} averages rows
     * {@code [floor(oh * H / outH), ceil((oh + 1) * H / outH))} and the columns likewise. A size of
     * {@code -1} keeps that input size (PyTorch's {@code None}).
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outHeight, int outWidth) {
        return PoolOps.adaptiveAvgPool2d(x, outHeight, outWidth);
    }

    /** {@link #adaptiveAvgPool2d(Tensor, int, int)} to a square {@code size x size}. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int size) {
        return adaptiveAvgPool2d(x, size, size);
    }

    /** Adaptive max pooling (windows as {@link #adaptiveAvgPool2d}, maxima as {@link #maxPool2d}). */
    public static Tensor adaptiveMaxPool2d(Tensor x, int outHeight, int outWidth) {
        return PoolOps.adaptiveMaxPool2d(x, outHeight, outWidth, false).values();
    }

    /** {@link #adaptiveMaxPool2d(Tensor, int, int)} to a square {@code size x size}. */
    public static Tensor adaptiveMaxPool2d(Tensor x, int size) {
        return adaptiveMaxPool2d(x, size, size);
    }

    /** {@link #adaptiveMaxPool2d(Tensor, int, int)} with the flat in-plane index of each maximum (int64). */
    public static Tensor.ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, int outHeight, int outWidth) {
        return PoolOps.adaptiveMaxPool2d(x, outHeight, outWidth, true);
    }

    /**
     * Global average pooling: the mean of each {@code H x W} plane, {@code [N, C, 1, 1]} with
     * {@code keepdim} (the same as {@code adaptiveAvgPool2d(x, 1)}), else {@code [N, C]}.
     */
    public static Tensor globalAvgPool2d(Tensor x, boolean keepdim) {
        Tensor y = adaptiveAvgPool2d(x, 1, 1);
        if (keepdim) return y;
        return x.dim() == 3 ? y.flatten() : y.flatten(1, -1);
    }

    // ---------------------------------------------------------------- resizing and padding

    /**
     * Resizes the spatial dims of {@code [N, C, H, W]} to {@code size = {H_out, W_out}}, as
     * {@code torch.nn.functional.interpolate(x, size=..., mode=..., align_corners=...)}.
     *
     * @param alignCorners for {@link InterpolationMode#BILINEAR}: map the corner pixels' centres
     *     onto each other; must be false for {@link InterpolationMode#NEAREST}
     */
    public static Tensor interpolate(Tensor x, int[] size, InterpolationMode mode, boolean alignCorners) {
        return ResizeOps.interpolate(x, size == null ? null : size.clone(), null, mode, alignCorners);
    }

    /**
     * Resizes by scale factors: {@code H_out = floor(H * scaleHeight)} (likewise W), and the source
     * positions use {@code 1 / scale} as PyTorch does when {@code scale_factor} is given (without
     * {@code recompute_scale_factor}).
     */
    public static Tensor interpolate(Tensor x, double scaleHeight, double scaleWidth, InterpolationMode mode, boolean alignCorners) {
        return ResizeOps.interpolate(x, null, new double[] {scaleHeight, scaleWidth}, mode, alignCorners);
    }

    /** {@link #interpolate(Tensor, double, double, InterpolationMode, boolean)} with one scale for both dims. */
    public static Tensor interpolate(Tensor x, double scale, InterpolationMode mode, boolean alignCorners) {
        return interpolate(x, scale, scale, mode, alignCorners);
    }

    /**
     * Zero padding of the last two dims: {@code left}, {@code right} columns and {@code top},
     * {@code bottom} rows (negative values crop), as {@code torch.nn.functional.pad(x, (left, right, top, bottom))}.
     */
    public static Tensor zeroPad2d(Tensor x, int left, int right, int top, int bottom) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("zero_pad2d: input of shape " + Shape.format(x.shape()) + " must have at least 2 dims");
        }
        return x.pad(new int[] {left, right, top, bottom}, 0f);
    }
}
