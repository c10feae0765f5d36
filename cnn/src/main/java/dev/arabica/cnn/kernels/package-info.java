/**
 * The array kernels behind {@code dev.arabica.cnn}: convolutions ({@link dev.arabica.cnn.kernels.ConvGemm}:
 * a packed GEMM with implicit im2col/col2im on core's micro-kernel, and direct loops for depthwise
 * convolutions), pooling ({@link dev.arabica.cnn.kernels.Pool2d}) and resizing
 * ({@link dev.arabica.cnn.kernels.Resize2d}). They work on {@code float[]} arrays with offsets in NCHW
 * layout, never on tensors; each kernel writes its whole output, reuses per-thread scratch arrays,
 * and splits its work so that results do not depend on the number of threads.
 */
package dev.arabica.cnn.kernels;
