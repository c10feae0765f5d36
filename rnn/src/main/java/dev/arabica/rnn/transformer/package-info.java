/**
 * PyTorch 1.13's Transformer layers and stacks with the same parameter names, so state dicts move
 * between the two: {@link dev.arabica.rnn.transformer.TransformerEncoderLayer},
 * {@link dev.arabica.rnn.transformer.TransformerDecoderLayer},
 * {@link dev.arabica.rnn.transformer.TransformerEncoder},
 * {@link dev.arabica.rnn.transformer.TransformerDecoder} and
 * {@link dev.arabica.rnn.transformer.Transformer}.
 */
package dev.arabica.rnn.transformer;
