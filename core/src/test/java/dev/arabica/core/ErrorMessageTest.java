package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an exception whose message names what was wrong. */
class ErrorMessageTest {

    private static String message(Class<? extends Throwable> type, Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void matmulNamesBothShapes() {
        String m = message(IllegalArgumentException.class, () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)));
        assertEquals("matmul: shapes [3,4] and [5,2] do not align (4 != 5)", m);
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
                .contains("[2,3,4] and [3,4,5]"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)))
                .contains("[3] and [4]"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.scalar(1f).matmul(Tensor.zeros(4)))
                .contains("at least 1 dimension"));
    }

    @Test
    void broadcastingNamesBothShapes() {
        String m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(m.contains("[2,3]") && m.contains("[4]") && m.startsWith("add"), m);
        m = message(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(2)));
        assertTrue(m.startsWith("where"), m);
    }

    @Test
    void dimOutOfRangeNamesDimAndRank() {
        String m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2, false));
        assertTrue(m.contains("dim 2") && m.contains("rank 2"), m);
        m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).softmax(-3));
        assertTrue(m.contains("dim -3") && m.contains("rank 2"), m);
        m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).transpose(0, 5));
        assertTrue(m.contains("dim 5"), m);
        m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).unsqueeze(4));
        assertTrue(m.contains("dim 4") && m.contains("rank 2"), m);
    }

    @Test
    void shapeOpsNameTheShapes() {
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2)).contains("[4,2]"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1)).contains("only one"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0)).contains("repeat"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3, 4)).contains("[2,3]"));
        assertTrue(message(IllegalArgumentException.class,
                () -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0)).contains("[2,4]"));
        assertTrue(message(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), 0)).contains("[3,2]"));
        assertTrue(message(IllegalStateException.class, () -> Tensor.zeros(2, 3).t().view(6)).contains("reshape"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3)).contains("[2,3]"));
    }

    @Test
    void linearNamesInputAndWeightShapes() {
        String m = message(IllegalArgumentException.class, () -> Tensor.zeros(4, 6).linear(Tensor.zeros(3, 5), null));
        assertTrue(m.contains("[4,6]") && m.contains("[3,5]"), m);
    }

    @Test
    void indexErrorsAreNotArrayIndexOutOfBounds() {
        String m = message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(2, 0));
        assertTrue(m.contains("index 2") && m.contains("size 2"), m);
        m = message(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).gather(1, Tensor.ofLongs(new long[] {3, 0}, 2, 1)));
        assertTrue(m.contains("index 3") && m.contains("size 3"), m);
        m = message(IndexOutOfBoundsException.class, () -> Tensor.zeros(4, 2).indexSelect(0, Tensor.ofLongs(new long[] {4}, 1)));
        assertTrue(m.contains("index 4"), m);
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).gather(0, Tensor.zeros(2)));
    }

    @Test
    void reductionsOfEmptyTensors() {
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).max()).contains("[0,3]"));
        assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).max(0, false)).contains("size 0"));
        assertEquals(0f, Tensor.zeros(0, 3).sum().item());
    }

    @Test
    void floatOpsRejectInt64() {
        String m = message(IllegalArgumentException.class, () -> Tensor.ofLongs(new long[] {1, 2}, 2).exp());
        assertTrue(m.contains("int64"), m);
    }
}
