package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** An elementwise op gives the same bits on a strided view as on a contiguous copy of it. */
class LayoutIndependenceTest {
    private static final Generator GEN = new Generator(5);
    private static final Tensor BASE = Tensor.randn(GEN, 37, 41).mul(3f);
    private static final Tensor OTHER = Tensor.randn(GEN, 41, 37);

    private static void same(UnaryOperator<Tensor> op) {
        Tensor view = BASE.t().slice(0, 1, 40, 2); // transposed and stepped: no contiguous rows
        assertArrayEquals(op.apply(view.contiguous()).toFloatArray(), op.apply(view).toFloatArray());
    }

    @Test
    void unaryOps() {
        for (UnaryOperator<Tensor> op : List.<UnaryOperator<Tensor>>of(Tensor::exp, Tensor::tanh, Tensor::sigmoid,
                Tensor::relu, Tensor::abs, Tensor::neg, t -> t.abs().log(), t -> t.abs().sqrt(), t -> t.clamp(-1f, 2f),
                t -> t.leakyRelu(0.1f), Tensor::gelu, t -> t.elu(1f), t -> t.softplus(1f, 20f), t -> t.mul(2.5f), t -> t.add(1f))) {
            same(op);
        }
    }

    @Test
    void binaryOps() {
        Tensor b = OTHER.slice(0, 1, 40, 2); // [20, 37], strided rows
        for (BinaryOperator<Tensor> op : List.<BinaryOperator<Tensor>>of(Tensor::add, Tensor::sub, Tensor::mul, Tensor::div,
                Tensor::maximum, Tensor::minimum)) {
            Tensor a = BASE.t().slice(0, 1, 40, 2);
            assertArrayEquals(op.apply(a.contiguous(), b.contiguous()).toFloatArray(), op.apply(a, b).toFloatArray());
        }
    }
}
