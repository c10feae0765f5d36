package dev.arabica.core;

import dev.arabica.core.kernels.Softmax;
import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.UnaryOp;

/**
 * Activation functions; each backward is next to its forward, saves the cheaper tensor, and is one
 * kernel gradient op ({@code BinaryOp.*_GRAD}: upstream gradient and saved tensor in, gradient out).
 */
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
                g -> new Tensor[] {ElementwiseOps.binaryRaw("leakyRelu", BinaryOp.LEAKY_RELU_GRAD, slope, 0f, g, x)});
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
                g -> new Tensor[] {ElementwiseOps.binaryRaw("elu", BinaryOp.ELU_GRAD, alpha, 0f, g, x)});
    }

    static Tensor softplus(Tensor x, float beta, float threshold) {
        Tensor out = ElementwiseOps.unaryRaw("softplus", UnaryOp.SOFTPLUS, beta, threshold, x);
        // sigmoid(beta x), or 1 where beta x > threshold (the linear region)
        return Autograd.record(out, "softplus", new Tensor[] {x},
                g -> new Tensor[] {ElementwiseOps.binaryRaw("softplus", BinaryOp.SOFTPLUS_GRAD, beta, threshold, g, x)});
    }

    static Tensor gelu(Tensor x, boolean tanhApproximation) {
        UnaryOp forward = tanhApproximation ? UnaryOp.GELU_TANH : UnaryOp.GELU;
        BinaryOp backward = tanhApproximation ? BinaryOp.GELU_TANH_GRAD : BinaryOp.GELU_GRAD;
        Tensor out = ElementwiseOps.unaryRaw("gelu", forward, 0f, 0f, x);
        return Autograd.record(out, "gelu", new Tensor[] {x},
                g -> new Tensor[] {ElementwiseOps.binaryRaw("gelu", backward, g, x)});
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

}
