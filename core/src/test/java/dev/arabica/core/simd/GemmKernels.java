package dev.arabica.core.simd;

/** Test and benchmark access to every Vector API micro-kernel (needs {@code jdk.incubator.vector}). */
public final class GemmKernels {
    private GemmKernels() {}

    /** One instance of every micro-kernel at this JVM's vector width. */
    public static GemmMicroKernel[] all() {
        return PanamaGemmKernels.all();
    }
}
