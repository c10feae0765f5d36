/**
 * Object detection tools (the course's YOLO week): bounding-box formats and IoU ({@link
 * dev.arabica.cnn.detection.Boxes}), non-maximum suppression ({@link dev.arabica.cnn.detection.Nms},
 * torchvision's {@code nms}/{@code batched_nms}), YOLO output decoding with anchor boxes ({@link
 * dev.arabica.cnn.detection.YoloHead}) and the final selection of detections ({@link
 * dev.arabica.cnn.detection.Detections}).
 */
package dev.arabica.cnn.detection;
