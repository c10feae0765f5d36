/**
 * Training: a {@link dev.arabica.nn.train.Trainer} that runs epochs with metrics, callbacks and a
 * progress bar; model files and resumable checkpoints in safetensors.
 *
 * <ul>
 *   <li>{@link dev.arabica.nn.train.Trainer} with {@link dev.arabica.nn.data.DataLoader}s (the batches of
 *       each epoch), a {@link dev.arabica.nn.train.LossFunction}, {@link dev.arabica.nn.train.Metrics}
 *       (accuracy; binary accuracy, precision, recall, F1) and a {@link dev.arabica.nn.train.History}.</li>
 *   <li>{@link dev.arabica.nn.train.Callback}s: {@link dev.arabica.nn.train.Progress} (terminal bar or
 *       plain log lines), {@link dev.arabica.nn.train.EarlyStopping} (with best-weights restore),
 *       {@link dev.arabica.nn.train.ModelCheckpoint}.</li>
 *   <li>{@link dev.arabica.nn.train.Evaluation}: eval mode + no-grad for evaluation and prediction.</li>
 *   <li>{@link dev.arabica.nn.train.ModelFiles}: weights as safetensors, named by {@code stateDict}
 *       (interchangeable with PyTorch's {@code safetensors.torch}); {@link dev.arabica.nn.train.Checkpoint}:
 *       model + optimizer + scheduler + epoch + history, written atomically, resumed bit for bit.</li>
 * </ul>
 *
 * <p>A hand-written loop uses the same pieces:
 * <pre>{@code
 * DataLoader trainLoader = DataLoader.of(train).batchSize(64).shuffle(seed);
 * for (int epoch = start; epoch < epochs; epoch++) {
 *     for (DataLoader.Batch b : trainLoader.epoch(epoch)) {
 *         optimizer.zeroGrad();
 *         Losses.crossEntropy(model.forward(b.x()), b.y()).backward();
 *         optimizer.step();
 *     }
 *     Map<String, Double> dev = Evaluation.evaluate(model, Losses::crossEntropy, devLoader, List.of(Metrics.accuracy()));
 *     Checkpoint.of(model, optimizer, null, epoch + 1).save(checkpointFile);
 * }
 * }</pre>
 */
package dev.arabica.nn.train;
