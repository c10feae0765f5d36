package dev.arabica.core;

import dev.arabica.core.kernels.BinaryOp;
import dev.arabica.core.kernels.MathUtil;
import dev.arabica.core.kernels.Softmax;
import dev.arabica.core.kernels.UnaryOp;

/** Activation functions; each backward is next to its forward and saves the cheaper tensor. */
final class ActivationOps {
    private ActivationOps() {}

    static Tensor relu(Tensor x) {
        Tensor out = ElementwiseOps.unaryRaw("relu", UnaryOp.RELU, 0f, 0f, x);
        // relu'(0) = 0: the gradient passes only where the output is positive.
        return Autograd.record(out, "relu", new Tensor[] {x},
                g -> new Tensor[] {ElementwiseOps.binaryRaw("relu", BinaryOp.RELU_GRAD, g, out)});
    }

    static Tensor leakyRelu(Tensor x, float slope) {
        Tensor out = ElementwiseOps.unaryRaw("leakyRelu", UnaryOp.LEAKY_RELU, slope, 0f, x);
        // leaky_relu'(0) = negative_slope (only x > 0 counts as positive).
        return Autograd.record(out, "leakyRelu", new Tensor[] {x},
                g -> new Tensor[] {g.mul(derivative(x, (v) -> v > 0f ? 1f : slope))});
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = ElementwiseOps.unaryRaw("sigmoid", UnaryOp.SIGMOID, 0f, 0f, x);
        return Autograd.record(out, "sigmoid", new Tensor[] {x},
                g -> new Tensor[] {ElementwiseOps.binaryRaw("sigmoid", BinaryOp.SIGMOID_GRAD, g, out)});
    }

    static Tensor tanh(Tensor x) {
        Tensor out = ElementwiseOps.unaryRaw("tanh", UnaryOp.TANH, 0f, 0f, x);
        return Autograd.record(out, "tanh", new Tensor[] {x},
                g -> new Tensor[] {ElementwiseOps.binaryRaw("tanh", BinaryOp.TANH_GRAD, g, out)});
    }

    static Tensor elu(Tensor x, float alpha) {
        Tensor out = ElementwiseOps.unaryRaw("elu", UnaryOp.ELU, alpha, 0f, x);
        // x > 0: 1; x <= 0: alpha * exp(x)
        return Autograd.record(out, "elu", new Tensor[] {x},
                g -> new Tensor[] {g.mul(derivative(x, (v) -> v > 0f ? 1f : (float) (alpha * Math.exp(v))))});
    }

    static Tensor softplus(Tensor x, float beta, float threshold) {
        Tensor out = ElementwiseOps.unaryRaw("softplus", UnaryOp.SOFTPLUS, beta, threshold, x);
        return Autograd.record(out, "softplus", new Tensor[] {x}, g -> new Tensor[] {g.mul(derivative(x, (v) -> {
            double bx = (double) beta * v;
            if (bx > threshold) return 1f;
            return (float) (1.0 / (1.0 + Math.exp(-bx)));
        }))});
    }

    static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (tanhApproximation) {
            Tensor out = ElementwiseOps.unaryRaw("gelu", UnaryOp.GELU_TANH, 0f, 0f, x);
            return Autograd.record(out, "gelu", new Tensor[] {x}, g -> new Tensor[] {g.mul(derivative(x, (v) -> {
                double k = Math.sqrt(2.0 / Math.PI);
                double x2 = (double) v * v;
                double t = Math.tanh(k * (v + 0.044715 * x2 * v));
                return (float) (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * 0.044715 * x2));
            }))});
        }
        Tensor out = ElementwiseOps.unaryRaw("gelu", UnaryOp.GELU, 0f, 0f, x);
        return Autograd.record(out, "gelu", new Tensor[] {x}, g -> new Tensor[] {g.mul(derivative(x, (v) -> {
            double cdf = 0.5 * (1.0 + MathUtil.erf(v / Math.sqrt(2.0)));
            double pdf = Math.exp(-0.5 * (double) v * v) / Math.sqrt(2.0 * Math.PI);
            return (float) (cdf + v * pdf);
        }))});
    }

    static Tensor softmax(Tensor x, int dim) {
        x.requireFloat("softmax");
        int d = Shape.normalizeDim("softmax", dim, x.shape.length);
        Tensor c = x.detach().contiguous();
        float[] out = new float[c.numel()];
        int[] oi = outerInner(x.shape, d);
        Softmax.softmax(c.data, c.offset, out, oi[0], x.shape.length == 0 ? 1 : x.shape[d], oi[1], false);
        Tensor y = Tensor.wrap(out, x.shape.clone());
        // dx = y * (g - sum(g * y, dim))
        return Autograd.record(y, "softmax", new Tensor[] {x}, g -> {
            Tensor gy = g.mul(y);
            return new Tensor[] {gy.sub(y.mul(sumOver(gy, d)))};
        });
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        x.requireFloat("logSoftmax");
        int d = Shape.normalizeDim("logSoftmax", dim, x.shape.length);
        Tensor c = x.detach().contiguous();
        float[] out = new float[c.numel()];
        int[] oi = outerInner(x.shape, d);
        Softmax.softmax(c.data, c.offset, out, oi[0], x.shape.length == 0 ? 1 : x.shape[d], oi[1], true);
        Tensor y = Tensor.wrap(out, x.shape.clone());
        // dx = g - softmax * sum(g, dim)
        return Autograd.record(y, "logSoftmax", new Tensor[] {x},
                g -> new Tensor[] {g.sub(y.exp().mul(sumOver(g, d)))});
    }

    private static Tensor sumOver(Tensor t, int d) {
        return t.dim() == 0 ? t : t.sum(d, true);
    }

    /** {outer, inner} sizes around dim d. */
    static int[] outerInner(int[] shape, int d) {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        return new int[] {outer, inner};
    }

    @FunctionalInterface
    private interface FloatFn {
        float apply(float v);
    }

    /** Elementwise derivative values f'(x) as a contiguous tensor of x's shape. */
    private static Tensor derivative(Tensor x, FloatFn f) {
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = f.apply(v[i]);
        return Tensor.wrap(v, x.shape.clone());
    }
}
