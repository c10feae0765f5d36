package dev.arabica.cnn.vision;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Deterministic image operations, the counterparts of torchvision's
 * {@code transforms.functional} on float tensors. The random transforms ({@link Transform}) are
 * built on them.
 *
 * <p>Images are float tensors {@code [..., H, W]}: {@code [C, H, W]} for one image; geometric ops
 * apply the same mapping to every leading plane (channels, and batch items if given
 * {@code [N, C, H, W]}). Colour ops need {@code [C, H, W]} with {@code C = 1} or {@code 3}.
 *
 * <p>Except {@link #normalize}, these are data-preprocessing ops: they read the input's values and
 * return a new tensor without autograd history; the input is never modified.
 */
public final class ImageOps {
    private ImageOps() {}

    /** Luma weights of torchvision's {@code rgb_to_grayscale} (ITU-R 601-2). */
    static final float GREY_R = 0.2989f, GREY_G = 0.587f, GREY_B = 0.114f;

    // ------------------------------------------------------------------ geometry

    /**
     * Bilinear resize of the last two dims to {@code [height, width]}, numerically PyTorch's
     * {@code F.interpolate(x, size, mode="bilinear", align_corners=False, antialias=False)}: output
     * row {@code i} samples source row {@code max((i + 0.5) * H / height - 0.5, 0)} (clamped to the
     * last row; likewise columns), interpolating linearly between the two nearest rows and columns.
     * Downscaling does not low-pass filter first (no antialiasing), as PyTorch's default.
     *
     * @throws IllegalArgumentException if the image has fewer than 2 dims or an empty plane, or a
     *     requested size is not positive
     */
    public static Tensor resize(Tensor image, int height, int width) {
        Planes p = Planes.of("resize", image);
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("resize: output size must be positive, got " + height + "x" + width);
        }
        Axis rows = Axis.bilinear(p.h, height), cols = Axis.bilinear(p.w, width);
        float[] out = new float[p.count * height * width];
        for (int plane = 0; plane < p.count; plane++) {
            int src = p.off + plane * p.h * p.w, dst = plane * height * width;
            for (int i = 0; i < height; i++) {
                int r0 = src + rows.i0[i] * p.w, r1 = src + rows.i1[i] * p.w;
                float h0 = rows.w0[i], h1 = rows.w1[i];
                for (int j = 0; j < width; j++) {
                    int c0 = cols.i0[j], c1 = cols.i1[j];
                    float w0 = cols.w0[j], w1 = cols.w1[j];
                    float t0 = p.d[r0 + c0] * w0 + p.d[r0 + c1] * w1;
                    float t1 = p.d[r1 + c0] * w0 + p.d[r1 + c1] * w1;
                    out[dst + i * width + j] = t0 * h0 + t1 * h1;
                }
            }
        }
        return Tensor.wrap(out, p.shapeWith(height, width));
    }

    /** Source indices and weights of one axis of a bilinear resize (PyTorch's float arithmetic). */
    private record Axis(int[] i0, int[] i1, float[] w0, float[] w1) {
        static Axis bilinear(int in, int out) {
            int[] i0 = new int[out], i1 = new int[out];
            float[] w0 = new float[out], w1 = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float src = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
                int lo = Math.min((int) Math.floor(src), in - 1);
                float lambda = Math.min(Math.max(src - lo, 0f), 1f);
                i0[i] = lo;
                i1[i] = lo + (lo < in - 1 ? 1 : 0);
                w0[i] = 1f - lambda;
                w1[i] = lambda;
            }
            return new Axis(i0, i1, w0, w1);
        }
    }

    /** Mirrors the last dim (left-right), as torchvision's {@code hflip}. */
    public static Tensor hflip(Tensor image) {
        Planes p = Planes.of("hflip", image);
        float[] out = new float[p.count * p.h * p.w];
        int rows = p.count * p.h;
        for (int r = 0; r < rows; r++) {
            int src = p.off + r * p.w, dst = r * p.w;
            for (int j = 0; j < p.w; j++) out[dst + j] = p.d[src + p.w - 1 - j];
        }
        return Tensor.wrap(out, p.shapeWith(p.h, p.w));
    }

    /**
     * The {@code height x width} window whose top-left corner is at row {@code top}, column
     * {@code left} of the image. The window may extend past the image (negative {@code top}/
     * {@code left} included): positions outside it are 0, as torchvision's {@code crop}.
     *
     * @throws IllegalArgumentException if the window size is negative
     */
    public static Tensor crop(Tensor image, int top, int left, int height, int width) {
        Planes p = Planes.of("crop", image);
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("crop: window size must be >= 0, got " + height + "x" + width);
        }
        float[] out = new float[p.count * height * width];
        int jFrom = Math.max(0, -left), jTo = Math.min(width, p.w - left);
        for (int plane = 0; plane < p.count; plane++) {
            for (int i = 0; i < height; i++) {
                int sr = top + i;
                if (sr < 0 || sr >= p.h || jFrom >= jTo) continue;
                System.arraycopy(p.d, p.off + (plane * p.h + sr) * p.w + left + jFrom, out,
                        (plane * height + i) * width + jFrom, jTo - jFrom);
            }
        }
        return Tensor.wrap(out, p.shapeWith(height, width));
    }

    /** Zero padding of {@code padding} pixels on all four sides: {@code [..., H + 2p, W + 2p]}. */
    public static Tensor pad(Tensor image, int padding) {
        if (padding < 0) throw new IllegalArgumentException("pad: padding must be >= 0, got " + padding);
        Planes p = Planes.of("pad", image);
        return crop(image, -padding, -padding, p.h + 2 * padding, p.w + 2 * padding);
    }

    /** {@link #crop} then {@link #resize}: torchvision's {@code resized_crop} with bilinear interpolation. */
    public static Tensor resizedCrop(Tensor image, int top, int left, int height, int width, int outHeight, int outWidth) {
        return resize(crop(image, top, left, height, width), outHeight, outWidth);
    }

    /**
     * Affine warp about the image centre with bilinear sampling and zero fill, numerically
     * torchvision's {@code F.affine(img, angle, [tx, ty], scale, shear=0, interpolation=BILINEAR)}
     * on a tensor (fill None): the content is scaled by {@code scale}, rotated by {@code angle}
     * degrees <b>clockwise</b> as displayed (y axis pointing down), then shifted by {@code tx}
     * pixels right and {@code ty} pixels down. Each output pixel centre {@code p} (relative to the
     * image centre) samples the input at {@code R(-angle) (p - t) / scale}; samples outside the
     * image count as 0 (grid_sample with zero padding, align_corners False).
     *
     * @throws IllegalArgumentException if {@code scale} is not positive and finite
     */
    public static Tensor affine(Tensor image, double angle, double tx, double ty, double scale) {
        Planes p = Planes.of("affine", image);
        if (!(scale > 0) || Double.isInfinite(scale) || Double.isNaN(angle) || Double.isNaN(tx) || Double.isNaN(ty)) {
            throw new IllegalArgumentException("affine: scale must be positive and finite and angle/translation not NaN,"
                    + " got angle=" + angle + ", translate=(" + tx + ", " + ty + "), scale=" + scale);
        }
        double rot = Math.toRadians(angle);
        // inverse of [cos -sin; sin cos] * scale, then inverse translation (torchvision's _get_inverse_affine_matrix)
        double m0 = Math.cos(rot) / scale, m1 = Math.sin(rot) / scale;
        double m3 = -Math.sin(rot) / scale, m4 = Math.cos(rot) / scale;
        double m2 = m0 * -tx + m1 * -ty, m5 = m3 * -tx + m4 * -ty;
        int h = p.h, w = p.w;
        int n = h * w;
        float[] ix = new float[n], iy = new float[n];
        for (int i = 0; i < h; i++) {
            double y = i - h * 0.5 + 0.5;
            for (int j = 0; j < w; j++) {
                double x = j - w * 0.5 + 0.5;
                ix[i * w + j] = (float) (m0 * x + m1 * y + m2 + w * 0.5 - 0.5);
                iy[i * w + j] = (float) (m3 * x + m4 * y + m5 + h * 0.5 - 0.5);
            }
        }
        float[] out = new float[p.count * n];
        for (int plane = 0; plane < p.count; plane++) {
            int src = p.off + plane * n;
            for (int k = 0; k < n; k++) out[plane * n + k] = sampleBilinear(p.d, src, h, w, ix[k], iy[k]);
        }
        return Tensor.wrap(out, p.shapeWith(h, w));
    }

    /** grid_sample's bilinear interpolation at pixel coordinates (x, y), corners outside count as 0. */
    private static float sampleBilinear(float[] d, int off, int h, int w, float x, float y) {
        float x0f = (float) Math.floor(x), y0f = (float) Math.floor(y);
        int x0 = (int) x0f, y0 = (int) y0f, x1 = x0 + 1, y1 = y0 + 1;
        float nw = (x0f + 1 - x) * (y0f + 1 - y);
        float ne = (x - x0f) * (y0f + 1 - y);
        float sw = (x0f + 1 - x) * (y - y0f);
        float se = (x - x0f) * (y - y0f);
        float v = 0;
        boolean x0in = x0 >= 0 && x0 < w, x1in = x1 >= 0 && x1 < w;
        if (y0 >= 0 && y0 < h) {
            if (x0in) v += d[off + y0 * w + x0] * nw;
            if (x1in) v += d[off + y0 * w + x1] * ne;
        }
        if (y1 >= 0 && y1 < h) {
            if (x0in) v += d[off + y1 * w + x0] * sw;
            if (x1in) v += d[off + y1 * w + x1] * se;
        }
        return v;
    }

    // ------------------------------------------------------------------ colour

    /**
     * Luma {@code [1, H, W]} of an RGB image {@code [3, H, W]}:
     * {@code 0.2989 R + 0.587 G + 0.114 B} (torchvision's {@code rgb_to_grayscale}); a grey image
     * {@code [1, H, W]} is returned as a copy.
     */
    public static Tensor grayscale(Tensor image) {
        Planes p = Planes.colour("grayscale", image);
        int n = p.h * p.w;
        float[] out = new float[n];
        if (p.count == 1) {
            System.arraycopy(p.d, p.off, out, 0, n);
        } else {
            for (int k = 0; k < n; k++) out[k] = luma(p.d, p.off + k, n);
        }
        return Tensor.wrap(out, 1, p.h, p.w);
    }

    private static float luma(float[] d, int i, int plane) {
        return GREY_R * d[i] + GREY_G * d[i + plane] + GREY_B * d[i + 2 * plane];
    }

    /** {@code clamp(factor * x, 0, 1)}: torchvision's {@code adjust_brightness}. */
    public static Tensor adjustBrightness(Tensor image, double factor) {
        checkFactor("adjustBrightness", factor);
        Planes p = Planes.colour("adjustBrightness", image);
        float f = (float) factor;
        float[] out = new float[p.count * p.h * p.w];
        for (int k = 0; k < out.length; k++) out[k] = clamp01(f * p.d[p.off + k]);
        return Tensor.wrap(out, p.shapeWith(p.h, p.w));
    }

    /**
     * {@code clamp(factor * x + (1 - factor) * m, 0, 1)} where {@code m} is the mean luma of the
     * whole image (of the image itself when grey): torchvision's {@code adjust_contrast}.
     */
    public static Tensor adjustContrast(Tensor image, double factor) {
        checkFactor("adjustContrast", factor);
        Planes p = Planes.colour("adjustContrast", image);
        int n = p.h * p.w;
        double sum = 0;
        for (int k = 0; k < n; k++) sum += p.count == 1 ? p.d[p.off + k] : luma(p.d, p.off + k, n);
        float mean = (float) (sum / n);
        float f = (float) factor, g = (float) (1 - factor) * mean;
        float[] out = new float[p.count * n];
        for (int k = 0; k < out.length; k++) out[k] = clamp01(f * p.d[p.off + k] + g);
        return Tensor.wrap(out, p.shapeWith(p.h, p.w));
    }

    /**
     * {@code clamp(factor * x + (1 - factor) * luma(x), 0, 1)} per pixel (0 gives grey, 1 the
     * image); a grey image is returned unchanged (as a copy): torchvision's {@code adjust_saturation}.
     */
    public static Tensor adjustSaturation(Tensor image, double factor) {
        checkFactor("adjustSaturation", factor);
        Planes p = Planes.colour("adjustSaturation", image);
        int n = p.h * p.w;
        float[] out = new float[p.count * n];
        if (p.count == 1) {
            System.arraycopy(p.d, p.off, out, 0, n);
            return Tensor.wrap(out, 1, p.h, p.w);
        }
        float f = (float) factor, g = (float) (1 - factor);
        for (int k = 0; k < n; k++) {
            float grey = luma(p.d, p.off + k, n);
            for (int c = 0; c < 3; c++) out[c * n + k] = clamp01(f * p.d[p.off + c * n + k] + g * grey);
        }
        return Tensor.wrap(out, 3, p.h, p.w);
    }

    private static void checkFactor(String op, double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException(op + ": factor must be finite and >= 0, got " + factor);
        }
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    // ------------------------------------------------------------------ normalization

    /** The ImageNet channel means (R, G, B) torchvision's pretrained models expect. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** The ImageNet channel standard deviations (R, G, B). */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /**
     * Per-channel {@code (x - mean[c]) / std[c]} of {@code [C, H, W]} or {@code [N, C, H, W]}:
     * torchvision's {@code normalize}. Built from tensor ops, so it is differentiable (style transfer
     * optimises an image through it).
     *
     * @throws IllegalArgumentException if the rank is not 3 or 4, the channel count differs from
     *     {@code mean.length} or {@code std.length}, or a std is 0 or not finite
     */
    public static Tensor normalize(Tensor image, float[] mean, float[] std) {
        int[] s = image.shape();
        if (s.length != 3 && s.length != 4) {
            throw new IllegalArgumentException("normalize: expected [C, H, W] or [N, C, H, W], got " + Shape.format(s));
        }
        int c = s[s.length - 3];
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("normalize: image " + Shape.format(s) + " has " + c + " channels but mean has "
                    + mean.length + " and std " + std.length + " values");
        }
        for (float v : std) {
            if (v == 0 || !Float.isFinite(v)) throw new IllegalArgumentException("normalize: std values must be finite and non-zero, got " + java.util.Arrays.toString(std));
        }
        return image.sub(Tensor.of(mean.clone(), c, 1, 1)).div(Tensor.of(std.clone(), c, 1, 1));
    }

    // ------------------------------------------------------------------ input handling

    /** A float image's values as {@code count} contiguous planes of {@code h x w}. */
    record Planes(float[] d, int off, int count, int h, int w, int[] shape) {
        static Planes of(String op, Tensor image) {
            int[] s = image.shape();
            if (image.dtype() != DType.FLOAT32 || s.length < 2) {
                throw new IllegalArgumentException(op + ": expected a float image [..., H, W] (e.g. [C, H, W]), got "
                        + image.dtype() + " " + Shape.format(s));
            }
            int h = s[s.length - 2], w = s[s.length - 1];
            if (h == 0 || w == 0) throw new IllegalArgumentException(op + ": image " + Shape.format(s) + " is empty");
            Tensor x = image.detach().contiguous();
            return new Planes(x.storage(), x.offset(), x.numel() / (h * w), h, w, s);
        }

        static Planes colour(String op, Tensor image) {
            int[] s = image.shape();
            if (s.length != 3 || (s[0] != 1 && s[0] != 3)) {
                throw new IllegalArgumentException(op + ": expected an RGB [3, H, W] or grey [1, H, W] image, got " + Shape.format(s));
            }
            return of(op, image);
        }

        /** The input's shape with the last two dims replaced. */
        int[] shapeWith(int height, int width) {
            int[] out = shape.clone();
            out[out.length - 2] = height;
            out[out.length - 1] = width;
            return out;
        }
    }
}
