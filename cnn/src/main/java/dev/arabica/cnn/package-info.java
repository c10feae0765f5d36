/** Arabica cnn. */
package dev.arabica.cnn;
