/**
 * Arabica cnn: convolution, pooling and resizing for NCHW tensors, as layers ({@link dev.arabica.cnn.Conv2d},
 * {@link dev.arabica.cnn.MaxPool2d}, ...) and as differentiable functions ({@link dev.arabica.cnn.CnnFunctional}),
 * with PyTorch's names, weight layouts, defaults and state-dict names. The array kernels are in
 * {@code dev.arabica.cnn.kernels}.
 */
package dev.arabica.cnn;
