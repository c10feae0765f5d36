/** Tensor and autograd. */
package dev.arabica.core;
