package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccumulatorTest {

    private static Contribution contribution(int partition, long n, double lossSum, float[] grad, long step) {
        Contribution c = new Contribution(partition, n, lossSum, new Outputs((int) n, new int[] {1}, new float[(int) n], new float[(int) n]));
        c.values.put("g", grad);
        c.maxima.put("step", new long[] {step});
        return c;
    }

    @Test
    void weightsByExampleCountAndDividesGradientsByTheTotal() {
        List<Partial> parts = List.of(contribution(0, 3, 3.0, new float[] {1, 2}, 4), Contribution.empty(1),
                contribution(2, 1, 5.0, new float[] {5, -2}, 7));
        Accumulator acc = AllReduce.combine(parts);
        assertEquals(4, acc.examples());
        assertEquals(8.0, acc.lossSum());
        assertArrayEquals(new float[] {2, 1}, acc.mean("g"));           // (3*[1,2] + 1*[5,-2]) / 4
        assertArrayEquals(new float[] {1, 0.5f}, acc.sumOver("g", 8));
        assertArrayEquals(new long[] {7}, acc.max("step"));
        assertEquals(4, acc.outputs().examples());
        assertNull(acc.mean("absent"));
        assertEquals(0, acc.first());
    }

    @Test
    void theResultDoesNotDependOnTheOrderPartialsArriveIn() {
        Random r = new Random(3);
        List<Partial> parts = new ArrayList<>();
        for (int p = 0; p < 9; p++) {
            float[] g = new float[50];
            for (int i = 0; i < g.length; i++) g[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
            parts.add(contribution(p, 1 + r.nextInt(100), r.nextDouble(), g, p));
        }
        float[] expected = AllReduce.combine(parts).mean("g");
        for (int trial = 0; trial < 5; trial++) {
            List<Partial> shuffled = new ArrayList<>(parts);
            Collections.shuffle(shuffled, new Random(trial));
            assertArrayEquals(expected, AllReduce.combine(shuffled).mean("g"), 0f); // bitwise
        }
        // a tree of consecutive groups, as AllReduce builds with depth 2, agrees to rounding
        List<Partial> groups = new ArrayList<>();
        for (int g = 0; g < 3; g++) groups.add(AllReduce.combine(parts.subList(3 * g, 3 * g + 3)));
        Collections.reverse(groups);
        float[] tree = AllReduce.combine(groups).mean("g");
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], tree[i], Math.abs(expected[i]) * 1e-6 + 1e-12);
    }

    @Test
    void equalValuesAverageToThemselvesExactly() {
        float x = 0.1f;
        Accumulator acc = AllReduce.combine(List.of(contribution(0, 7, 0, new float[] {x}, 0), contribution(1, 13, 0, new float[] {x}, 0),
                contribution(2, 1, 0, new float[] {x}, 0)));
        assertEquals(x, acc.mean("g")[0], 0f);
    }

    @Test
    void mismatchedArchitecturesAreReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AllReduce.combine(
                List.of(contribution(0, 1, 0, new float[2], 0), contribution(1, 1, 0, new float[3], 0))));
        assertEquals("SparkTrainer: partitions sent 'g' with 2 and 3 values; does the ModelFactory build the same architecture every time?",
                e.getMessage());
    }
}
