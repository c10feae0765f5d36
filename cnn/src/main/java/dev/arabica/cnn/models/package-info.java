/**
 * Architectures as builders of ordinary {@link dev.arabica.nn.Module}s, with torchvision's
 * structure and state-dict names so that torchvision weights load strictly: {@link
 * dev.arabica.cnn.models.LeNet5}, {@link dev.arabica.cnn.models.AlexNet}, {@link
 * dev.arabica.cnn.models.VGG}, {@link dev.arabica.cnn.models.ResNet} ({@link
 * dev.arabica.cnn.models.BasicBlock}, {@link dev.arabica.cnn.models.Bottleneck}), {@link
 * dev.arabica.cnn.models.InceptionModule}, {@link dev.arabica.cnn.models.MobileNetV2} ({@link
 * dev.arabica.cnn.models.InvertedResidual}, {@link dev.arabica.cnn.models.ReLU6}) and {@link
 * dev.arabica.cnn.models.UNet}; {@link dev.arabica.cnn.models.TransferLearning} reuses a backbone
 * under a new head.
 */
package dev.arabica.cnn.models;
