package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The global default generator ({@code torch.manual_seed}) and the random factories that use it. */
class DefaultGeneratorTest {

    @Test
    void manualSeedRestartsTheDefaultGeneratorAsANewGeneratorWouldStart() {
        Generator g = Generator.manualSeed(123);
        assertSame(Generator.defaultGenerator(), g);
        Generator fresh = new Generator(123);
        for (int i = 0; i < 10; i++) assertEquals(fresh.nextLong(), g.nextLong());
        g.nextGaussian(); // leaves a spare Gaussian pending: manualSeed must clear it
        Generator.manualSeed(123);
        assertArrayEquals(new Generator(123).state(), Generator.defaultGenerator().state());
    }

    @Test
    void sameSeedAndSameCallsGiveTheSameBits() {
        Generator.manualSeed(7);
        Tensor a = Tensor.randn(3, 5), b = Tensor.rand(4), c = Tensor.uniform(-2f, 3f, 2, 2), d = Tensor.randint(0, 9, 6);
        Generator.manualSeed(7);
        assertArrayEquals(a.toFloatArray(), Tensor.randn(3, 5).toFloatArray());
        assertArrayEquals(b.toFloatArray(), Tensor.rand(4).toFloatArray());
        assertArrayEquals(c.toFloatArray(), Tensor.uniform(-2f, 3f, 2, 2).toFloatArray());
        assertArrayEquals(d.toLongArray(), Tensor.randint(0, 9, 6).toLongArray());
        // the same draws as an explicit generator with that seed
        Generator g = new Generator(7);
        assertArrayEquals(a.toFloatArray(), Tensor.randn(g, 3, 5).toFloatArray());
        assertArrayEquals(b.toFloatArray(), Tensor.rand(g, 4).toFloatArray());
    }

    @Test
    void theDefaultSeedIsPyTorchs() {
        assertEquals(67280421310721L, Generator.DEFAULT_SEED);
    }
}
