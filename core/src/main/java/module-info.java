/**
 * Arabica core: {@link dev.arabica.core.Tensor} and reverse-mode autograd, the op-author API
 * (array kernels in {@code dev.arabica.core.kernels}: GEMM, vector operations, softmax, the
 * deterministic thread pool, scratch arrays), the SIMD layer ({@code dev.arabica.core.simd}) and
 * {@code .npy} / safetensors I/O ({@code dev.arabica.core.io}).
 *
 * <p>The Java Vector API is an optional dependency ({@code requires static}): the module resolves
 * and runs without {@code jdk.incubator.vector}, on its plain-Java kernels. When the JVM is started
 * with {@code --add-modules jdk.incubator.vector}, this module reads it and
 * {@link dev.arabica.core.simd.VectorProviders} loads the Vector API provider (reflectively, from
 * this module, so nothing needs to be opened). Logging goes through SLF4J only; the application
 * chooses the provider.
 */
module dev.arabica.core {
    requires static jdk.incubator.vector;
    requires org.slf4j;

    exports dev.arabica.core;
    exports dev.arabica.core.io;
    exports dev.arabica.core.kernels;
    exports dev.arabica.core.simd;
}
