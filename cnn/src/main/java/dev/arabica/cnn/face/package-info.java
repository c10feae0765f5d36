/**
 * Face verification (the course's FaceNet week): triplet losses for training embeddings ({@link
 * dev.arabica.cnn.face.TripletLoss}) and distance-based verification and recognition ({@link
 * dev.arabica.cnn.face.FaceVerification}).
 */
package dev.arabica.cnn.face;
