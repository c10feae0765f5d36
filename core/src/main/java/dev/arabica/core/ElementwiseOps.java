package dev.arabica.core;

import dev.arabica.core.kernels.Elementwise;
import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.UnaryOp;

/**
 * Elementwise arithmetic with broadcasting; each op's backward sits next to its forward. Gradients
 * of broadcast operands are returned in the broadcast shape and reduced by the engine.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    // ---------------------------------------------------------------- kernels

    /** Forward of a binary op with broadcasting (no recording). */
    static Tensor binaryRaw(String name, BinaryOp op, Tensor a, Tensor b) {
        return binaryRaw(name, op, 0f, 0f, a, b);
    }

    /** Forward of a binary op with parameters {@code p, q} (a gradient helper), with broadcasting. */
    static Tensor binaryRaw(String name, BinaryOp op, float p, float q, Tensor a, Tensor b) {
        a.requireFloat(name);
        b.requireFloat(name);
        int[] shape = Shape.broadcast(name, a.shape, b.shape);
        float[] out = new float[Shape.numel(shape)];
        Elementwise.binary(op, p, q, shape, a.data, a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.data, b.offset, Shape.broadcastStrides(b.shape, b.strides, shape), out);
        return Tensor.wrap(out, shape);
    }

    /** Forward of a unary op (no recording). */
    static Tensor unaryRaw(String name, UnaryOp op, float p, float q, Tensor a) {
        a.requireFloat(name);
        float[] out = new float[a.numel()];
        Elementwise.unary(op, p, q, a.shape, a.data, a.offset, a.strides, out);
        return Tensor.wrap(out, a.shape.clone());
    }

    // ---------------------------------------------------------------- out= variants

    /**
     * {@code out = op(a, b)} written into {@code out}, PyTorch's {@code torch.op(a, b, out=out)}
     * without its resizing: out must already have the broadcast shape. A contiguous out that is
     * either disjoint from the operands or exactly {@code a} (an in-place update) is written
     * directly, with no allocation; any other out goes through a temporary.
     */
    static Tensor binaryInto(String name, BinaryOp op, Tensor a, Tensor b, Tensor out) {
        a.requireFloat(name);
        b.requireFloat(name);
        int[] shape = Shape.broadcast(name, a.shape, b.shape);
        checkOut(name, shape, out, a, b);
        if (writesDirectly(out, a, b, shape)) {
            Elementwise.binary(op, 0f, 0f, shape, a.data, a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                    b.data, b.offset, Shape.broadcastStrides(b.shape, b.strides, shape), out.data, out.offset);
        } else {
            InPlaceOps.copy(out, binaryRaw(name, op, a, b));
        }
        return out;
    }

    /** {@code out = op(a)} written into {@code out} (of a's shape), as {@link #binaryInto}. */
    static Tensor unaryInto(String name, UnaryOp op, float p, float q, Tensor a, Tensor out) {
        a.requireFloat(name);
        checkOut(name, a.shape, out, a, a);
        if (writesDirectly(out, a, a, a.shape)) {
            Elementwise.unary(op, p, q, a.shape, a.data, a.offset, a.strides, out.data, out.offset);
        } else {
            InPlaceOps.copy(out, unaryRaw(name, op, p, q, a));
        }
        return out;
    }

    private static void checkOut(String name, int[] shape, Tensor out, Tensor a, Tensor b) {
        java.util.Objects.requireNonNull(out, name + ": out");
        if (out.dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(name + ": out must be float32, not " + out.dtype);
        }
        if (!java.util.Arrays.equals(out.shape, shape)) {
            throw new IllegalArgumentException(name + ": out has shape " + Shape.format(out.shape)
                    + " but the result has shape " + Shape.format(shape) + " (out= does not resize)");
        }
        if (GradMode.isEnabled() && (a.requiresGrad || b.requiresGrad || out.requiresGrad)) {
            throw new IllegalStateException(name + ": the out= variant is not recorded by autograd, and an argument requires grad;"
                    + " call it under GradMode.noGrad() or use the variant without out");
        }
    }

    /** True when the kernel can write out in place: out contiguous, and disjoint from the operands or exactly a. */
    private static boolean writesDirectly(Tensor out, Tensor a, Tensor b, int[] shape) {
        if (!out.isContiguous()) return false;
        boolean sameAsA = out.data == a.data && a.offset == out.offset && java.util.Arrays.equals(a.shape, shape) && a.isContiguous();
        if (out.data == a.data && !sameAsA) return false;
        // out exactly b is safe only when a is read at the same positions (contiguous, full shape).
        if (out.data == b.data && b != a) {
            boolean sameAsB = b.offset == out.offset && java.util.Arrays.equals(b.shape, shape) && b.isContiguous();
            return sameAsB && java.util.Arrays.equals(a.shape, shape) && a.isContiguous() && a.data != b.data;
        }
        return true;
    }

    static Tensor unaryNoGrad(Tensor a, UnaryOp op) {
        return unaryRaw(op.name().toLowerCase(java.util.Locale.ROOT), op, 0f, 0f, a);
    }

    // ---------------------------------------------------------------- arithmetic

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryRaw("add", BinaryOp.ADD, a, b);
        return Autograd.record(out, "add", new Tensor[] {a, b}, g -> new Tensor[] {g, g});
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryRaw("sub", BinaryOp.SUB, a, b);
        return Autograd.record(out, "sub", new Tensor[] {a, b}, g -> new Tensor[] {g, b.requiresGrad ? g.neg() : null});
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryRaw("mul", BinaryOp.MUL, a, b);
        return Autograd.record(out, "mul", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad ? g.mul(b) : null,
            b.requiresGrad ? g.mul(a) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binaryRaw("div", BinaryOp.DIV, a, b);
        return Autograd.record(out, "div", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad ? g.div(b) : null,
            // d(a/b)/db = -a / b^2 = -out / b
            b.requiresGrad ? g.mul(out).div(b).neg() : null});
    }

    static Tensor addScalar(Tensor a, float s) {
        Tensor out = unaryRaw("add", UnaryOp.ADD_SCALAR, s, 0f, a);
        return Autograd.record(out, "add", new Tensor[] {a}, g -> new Tensor[] {g});
    }

    static Tensor rsubScalar(Tensor a, float s) {
        Tensor out = unaryRaw("rsub", UnaryOp.RSUB_SCALAR, s, 0f, a);
        return Autograd.record(out, "rsub", new Tensor[] {a}, g -> new Tensor[] {g.neg()});
    }

    static Tensor mulScalar(Tensor a, float s) {
        Tensor out = unaryRaw("mul", UnaryOp.SCALE, s, 0f, a);
        return Autograd.record(out, "mul", new Tensor[] {a}, g -> new Tensor[] {g.mul(s)});
    }

    static Tensor rdivScalar(Tensor a, float s) {
        Tensor out = unaryRaw("rdiv", UnaryOp.RDIV_SCALAR, s, 0f, a);
        // d(s/a)/da = -s / a^2 = -out / a
        return Autograd.record(out, "rdiv", new Tensor[] {a}, g -> new Tensor[] {g.mul(out).div(a).neg()});
    }

    static Tensor neg(Tensor a) {
        Tensor out = unaryRaw("neg", UnaryOp.NEG, 0f, 0f, a);
        return Autograd.record(out, "neg", new Tensor[] {a}, g -> new Tensor[] {g.neg()});
    }

    static Tensor exp(Tensor a) {
        Tensor out = unaryRaw("exp", UnaryOp.EXP, 0f, 0f, a);
        return Autograd.record(out, "exp", new Tensor[] {a}, g -> new Tensor[] {g.mul(out)});
    }

    static Tensor log(Tensor a) {
        Tensor out = unaryRaw("log", UnaryOp.LOG, 0f, 0f, a);
        return Autograd.record(out, "log", new Tensor[] {a}, g -> new Tensor[] {g.div(a)});
    }

    static Tensor sqrt(Tensor a) {
        Tensor out = unaryRaw("sqrt", UnaryOp.SQRT, 0f, 0f, a);
        return Autograd.record(out, "sqrt", new Tensor[] {a}, g -> new Tensor[] {g.div(out.mul(2f))});
    }

    static Tensor powScalar(Tensor a, float p) {
        Tensor out = unaryRaw("pow", UnaryOp.POW_SCALAR, p, 0f, a);
        return Autograd.record(out, "pow", new Tensor[] {a}, g -> {
            if (p == 0f) return new Tensor[] {Tensor.zeros(a.shape)};
            Tensor d = p == 2f ? a.mul(2f) : p == 1f ? Tensor.ones(a.shape) : a.pow(p - 1f).mul(p);
            return new Tensor[] {g.mul(d)};
        });
    }

    static Tensor abs(Tensor a) {
        Tensor out = unaryRaw("abs", UnaryOp.ABS, 0f, 0f, a);
        // sign(0) = 0, so abs'(0) = 0 as in PyTorch.
        return Autograd.record(out, "abs", new Tensor[] {a}, g -> new Tensor[] {g.mul(a.sign())});
    }

    static Tensor clamp(Tensor a, float min, float max) {
        // min > max is allowed, as in PyTorch: every element becomes max and no gradient passes.
        Tensor out = unaryRaw("clamp", UnaryOp.CLAMP, min, max, a);
        // The gradient passes where min <= x <= max (bounds inclusive), as in PyTorch.
        return Autograd.record(out, "clamp", new Tensor[] {a},
                g -> new Tensor[] {binaryRaw("clamp", BinaryOp.CLAMP_GRAD, min, max, g, a)});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", BinaryOp.MAX, BinaryOp.GT, a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", BinaryOp.MIN, BinaryOp.LT, a, b);
    }

    private static Tensor extremum(String name, BinaryOp op, BinaryOp wins, Tensor a, Tensor b) {
        Tensor out = binaryRaw(name, op, a, b);
        return Autograd.record(out, name, new Tensor[] {a, b}, g -> {
            // Ties give half of the gradient to each operand.
            Tensor tie = binaryRaw(name, BinaryOp.EQ, a, b).mul(0.5f);
            Tensor wa = binaryRaw(name, wins, a, b).add(tie);
            Tensor wb = binaryRaw(name, wins, b, a).add(tie);
            return new Tensor[] {g.mul(wa), g.mul(wb)};
        });
    }

    static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        return binaryRaw(name, op, a.toFloat(), b.toFloat());
    }

    // ---------------------------------------------------------------- selection

    /** out = cond ? x : y, all three broadcast together; cond nonzero means true. */
    static Tensor where(Tensor cond, Tensor x, Tensor y) {
        x.requireFloat("where");
        y.requireFloat("where");
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, x.shape), y.shape);
        Tensor c = cond.toFloat();
        float[] out = new float[Shape.numel(shape)];
        select(shape, c, x, y, out);
        Tensor result = Tensor.wrap(out, shape);
        return Autograd.record(result, "where", new Tensor[] {x, y}, g -> {
            Tensor zero = Tensor.scalar(0f);
            return new Tensor[] {
                x.requiresGrad ? where(c, g, zero) : null,
                y.requiresGrad ? where(c, zero, g) : null};
        });
    }

    /**
     * x with elements where mask is nonzero replaced by value. x and mask broadcast together (like
     * PyTorch's out-of-place {@code masked_fill}), so the result may be larger than x.
     */
    static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        x.requireFloat("maskedFill");
        int[] shape = Shape.broadcast("maskedFill", x.shape, mask.shape);
        Tensor m = mask.toFloat();
        float[] out = new float[Shape.numel(shape)];
        select(shape, m, Tensor.scalar(value), x, out);
        Tensor result = Tensor.wrap(out, shape);
        return Autograd.record(result, "maskedFill", new Tensor[] {x}, g -> new Tensor[] {where(m, Tensor.scalar(0f), g)});
    }

    private static void select(int[] shape, Tensor c, Tensor x, Tensor y, float[] out) {
        Elementwise.where(shape, c.data, c.offset, Shape.broadcastStrides(c.shape, c.strides, shape),
                x.data, x.offset, Shape.broadcastStrides(x.shape, x.strides, shape),
                y.data, y.offset, Shape.broadcastStrides(y.shape, y.strides, shape), out);
    }
}
