/**
 * Layers, losses and initialisation on top of {@code dev.arabica.core}, modelled on
 * {@code torch.nn}.
 *
 * <ul>
 *   <li>{@link dev.arabica.nn.Module}: explicitly registered parameters, buffers and children with
 *       dotted names, {@code stateDict} / strict {@code loadStateDict}, {@code train()} / {@code eval()},
 *       freezing ({@code requiresGrad_(false)}), replacing a sub-module ({@code setSubmodule}, e.g. a
 *       new head for transfer learning); parameters are plain tensors created by
 *       {@link dev.arabica.nn.Parameter}.</li>
 *   <li>Layers: {@link dev.arabica.nn.Sequential}, {@link dev.arabica.nn.Linear},
 *       {@link dev.arabica.nn.Flatten}, {@link dev.arabica.nn.Identity}, activations,
 *       {@link dev.arabica.nn.Dropout}, {@link dev.arabica.nn.BatchNorm1d},
 *       {@link dev.arabica.nn.BatchNorm2d}, {@link dev.arabica.nn.LayerNorm}; stateless forms in
 *       {@link dev.arabica.nn.Functional}.</li>
 *   <li>{@link dev.arabica.nn.Losses} with {@link dev.arabica.nn.Reduction}, and
 *       {@link dev.arabica.nn.Regularization} penalties.</li>
 *   <li>{@link dev.arabica.nn.init.Init}: seeded in-place initialisers; {@link dev.arabica.nn.Summary}:
 *       a Keras-style model table.</li>
 * </ul>
 *
 * <pre>{@code
 * Generator gen = new Generator(42);      // or Generator.manualSeed(42) and constructors without gen
 * Sequential model = new Sequential(new Linear(2, 16, true, gen), new ReLU(), new Linear(16, 2, true, gen));
 * for (int step = 0; step < 1000; step++) {
 *     model.zeroGrad();
 *     Tensor loss = Losses.crossEntropy(model.forward(x), labels);
 *     loss.backward();
 *     optimizer.step();           // an optimizer over model.trainableParameters()
 * }
 * }</pre>
 */
package dev.arabica.nn;
