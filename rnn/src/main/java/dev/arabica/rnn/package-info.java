/**
 * Sequence models: embeddings and recurrent networks, with PyTorch's layouts, parameter names and
 * defaults so that weights move between the two.
 *
 * <ul>
 *   <li>{@link dev.arabica.rnn.Embedding}: lookup table ({@code paddingIdx}, {@code fromPretrained}).</li>
 *   <li>{@link dev.arabica.rnn.RNN} (tanh or ReLU), {@link dev.arabica.rnn.LSTM}, {@link dev.arabica.rnn.GRU}:
 *       several layers, {@code batchFirst}, bidirectional, initial states, dropout between layers and
 *       variable-length batches (lengths or masks), configured by {@link dev.arabica.rnn.RecurrentOptions}.</li>
 *   <li>{@link dev.arabica.rnn.RNNCell}, {@link dev.arabica.rnn.LSTMCell}, {@link dev.arabica.rnn.GRUCell}:
 *       one step at a time; {@link dev.arabica.rnn.CellInference} for fast sampling.</li>
 *   <li>{@link dev.arabica.rnn.RnnFunctional}: the same computations with the weights as arguments.</li>
 * </ul>
 *
 * <pre>{@code
 * Generator gen = new Generator(42);
 * Embedding embed = new Embedding(vocab, 32, gen);
 * LSTM lstm = new LSTM(RecurrentOptions.of(32, 128).withBatchFirst(true), gen);
 * Linear head = new Linear(128, vocab, gen);
 * LstmOutput out = lstm.forward(embed.forward(tokens), null, null, lengths); // tokens [B, T] int64
 * Tensor logits = head.forward(out.output());                                  // [B, T, vocab]
 * }</pre>
 *
 * <p>How it is computed: each layer and direction of a sequence is one fused, differentiable op
 * (one autograd node for the whole sequence). The input projection of all time steps is one GEMM,
 * each step adds one GEMM for the recurrent projection and vectorized passes for the gates, and
 * backpropagation through time is written by hand: it keeps only the states and gate activations in
 * arrays allocated once, and forms the weight gradients with one GEMM each over all steps. So
 * thousands of steps backpropagate without a deep graph, and results do not depend on the number of
 * threads.
 */
package dev.arabica.rnn;
