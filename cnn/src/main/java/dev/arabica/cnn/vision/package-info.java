/**
 * Image tools: reading and writing images ({@link dev.arabica.cnn.vision.Images}), deterministic
 * image operations matching torchvision's functional transforms ({@link
 * dev.arabica.cnn.vision.ImageOps}: bilinear resize, crop, flip, affine warp, colour adjustments,
 * normalization) and seeded random augmentation ({@link dev.arabica.cnn.vision.Transform} and its
 * implementations, applied to batches by {@link dev.arabica.cnn.vision.Augment}).
 */
package dev.arabica.cnn.vision;
