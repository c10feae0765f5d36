/**
 * Attention: {@link dev.arabica.rnn.attention.Attention#scaledDotProductAttention scaled dot-product
 * attention} and {@link dev.arabica.rnn.attention.MultiheadAttention multi-head attention} (one fused
 * op with a closed-form backward), {@link dev.arabica.rnn.attention.AttentionMask masks} (PyTorch
 * {@code nn.MultiheadAttention}'s convention: an int64 mask is nonzero where attention is NOT
 * allowed), {@link dev.arabica.rnn.attention.AdditiveAttention additive (Bahdanau) attention} and
 * the {@link dev.arabica.rnn.attention.PositionalEncoding sinusoidal positional encoding}.
 */
package dev.arabica.rnn.attention;
