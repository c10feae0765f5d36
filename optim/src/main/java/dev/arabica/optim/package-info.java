/** Arabica optim. */
package dev.arabica.optim;
