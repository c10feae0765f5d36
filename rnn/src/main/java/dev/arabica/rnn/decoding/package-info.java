/**
 * Decoding for any autoregressive model written as a {@link dev.arabica.rnn.decoding.StepModel}:
 * {@link dev.arabica.rnn.decoding.Decoding#greedy greedy}, {@link dev.arabica.rnn.decoding.BeamSearch
 * beam search} with {@link dev.arabica.rnn.decoding.LengthPenalty length normalisation}, and
 * temperature / top-k {@link dev.arabica.rnn.decoding.Decoding#sample sampling}.
 */
package dev.arabica.rnn.decoding;
