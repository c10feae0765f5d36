/** Arabica nn. */
package dev.arabica.nn;
