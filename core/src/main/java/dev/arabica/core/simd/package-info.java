/**
 * Span kernels on {@code float[]} (element-wise maps, reductions, the GEMM micro-kernel) behind one
 * {@link dev.arabica.core.simd.VectorProvider} interface.
 *
 * <p>{@link dev.arabica.core.simd.VectorProviders#get()} returns the Vector API implementation when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}, otherwise a plain-Java one
 * whose loops C2 auto-vectorizes where it can. Only the {@code Panama*} classes of this package
 * import {@code jdk.incubator.vector}; they are loaded reflectively, so the rest of the library runs
 * on a JVM without the module. They all use the float species of {@code PanamaSpecies}: the CPU's
 * preferred width or {@code -Darabica.simd.bits=128|256|512} (see
 * {@link dev.arabica.core.simd.VectorProviders}); {@code PanamaGemmKernels} picks the GEMM
 * micro-tile for that width.
 */
package dev.arabica.core.simd;
