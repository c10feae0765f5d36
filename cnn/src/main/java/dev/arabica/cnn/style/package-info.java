/**
 * Neural style transfer (the course's art-generation week): Gram matrix, content and style costs
 * with the course's normalisation, and layer activations from a {@code Sequential} feature
 * extractor ({@link dev.arabica.cnn.style.StyleTransfer}).
 */
package dev.arabica.cnn.style;
