/** Arabica rnn. */
package dev.arabica.rnn;
