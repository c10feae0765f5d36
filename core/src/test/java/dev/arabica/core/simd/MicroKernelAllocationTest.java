package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Once C2 has compiled them, the Vector API micro-kernels allocate nothing: every vector stays in a
 * register. A vector that crosses a call C2 does not inline is boxed into a heap object instead,
 * which is how a shared update method once cost the kernel 20 % (and more on short inner
 * dimensions) without changing a result, so no other test noticed. The kernels run until their
 * allocation per call falls to (almost) nothing, or fail after a generous time.
 */
class MicroKernelAllocationTest {

    @Test
    void compiledMicroKernelsDoNotBoxVectors() {
        Assumptions.assumeTrue(VectorProviders.panama().isPresent(), "jdk.incubator.vector is not in the boot layer");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (GemmMicroKernel kernel : PanamaGemmKernels.all()) {
            int mr = kernel.mr(), nr = kernel.nr(), kc = 16;
            float[] ap = new float[kc * mr], bp = new float[kc * nr], c = new float[mr * nr];
            Arrays.fill(ap, 0.5f);
            Arrays.fill(bp, 0.25f);
            long perCall = Long.MAX_VALUE;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (perCall > 64 && System.nanoTime() < deadline) {
                for (int i = 0; i < 20_000; i++) { // both update branches, as a product's k blocks use them
                    kernel.compute(kc, ap, 0, kc, 1, bp, 0, 1f, 0f, c, 0, nr);
                    kernel.compute(kc, ap, 0, kc, 1, bp, 0, 1f, 1f, c, 0, nr);
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1000; i++) {
                    kernel.compute(kc, ap, 0, kc, 1, bp, 0, 1f, 0f, c, 0, nr);
                    kernel.compute(kc, ap, 0, kc, 1, bp, 0, 1f, 1f, c, 0, nr);
                }
                perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 2000;
            }
            // A boxed tile allocates about 2 * mr * nr floats' worth of vector objects per call.
            assertTrue(perCall <= 64, kernel.getClass().getSimpleName() + " (" + mr + "x" + nr + ") still allocates "
                    + perCall + " bytes per call after warm-up: a vector is boxed (check -XX:+PrintInlining)");
        }
    }
}
