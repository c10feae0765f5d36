/**
 * Arabica cnn: convolution, pooling and resizing layers and ops ({@code dev.arabica.cnn}), image
 * models with PyTorch-compatible state dicts ({@code dev.arabica.cnn.models}), image I/O and
 * transforms ({@code dev.arabica.cnn.vision}, which uses {@code java.desktop}'s
 * {@code BufferedImage} and {@code javax.imageio}), detection, face recognition and style transfer.
 *
 * <p>The array kernels behind the ops ({@code dev.arabica.cnn.kernels}) are not exported: they are
 * reached through the ops of {@code dev.arabica.cnn}.
 */
module dev.arabica.cnn {
    requires transitive dev.arabica.core;
    requires transitive dev.arabica.nn;
    requires transitive java.desktop;

    exports dev.arabica.cnn;
    exports dev.arabica.cnn.detection;
    exports dev.arabica.cnn.face;
    exports dev.arabica.cnn.models;
    exports dev.arabica.cnn.style;
    exports dev.arabica.cnn.vision;
}
