package dev.arabica.benchmarks.interop;

import dev.arabica.cnn.models.LeNet5;
import dev.arabica.cnn.models.ResNet;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.BatchNorm1d;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.optim.Adam;
import dev.arabica.rnn.LSTM;
import dev.arabica.rnn.RecurrentOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The Java half of the interop proof ({@code benchmarks/interop/run}): trains four small models a
 * few steps in Arabica, so that weights and batch-norm statistics move away from their
 * initialisation, and writes for each {@code <name>.safetensors} ({@link ModelFiles#save}),
 * {@code <name>_input.npy} and {@code <name>_output.npy} (the model's eval-mode output on that
 * input). {@code check_safetensors.py} loads each file into the same architecture in PyTorch and
 * compares the outputs.
 *
 * <pre>
 *   mlp       Linear(20, 64) - BatchNorm1d(64) - ReLU - Dropout(0.2) - Linear(64, 3)   input [8, 20]
 *   lenet5    cnn.models.LeNet5 (1 x 28 x 28, 10 classes)                               input [4, 1, 28, 28]
 *   resnet18  cnn.models.ResNet.resnet18(10)                                            input [2, 3, 64, 64]
 *   lstm      rnn.LSTM(10, 32, numLayers 2, batchFirst), its output sequence             input [3, 7, 10]
 * </pre>
 *
 * Usage: {@code InteropExport OUTPUT_DIR}.
 */
public final class InteropExport {
    private InteropExport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: InteropExport OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        Generator gen = new Generator(2026);

        Sequential mlp = new Sequential(new Linear(20, 64, gen), new BatchNorm1d(64), new ReLU(), new Dropout(0.2, gen),
                new Linear(64, 3, gen));
        export(dir, "mlp", mlp, Tensor.randn(gen, 8, 20), gen, (m, x) -> Losses.crossEntropy(m.forward(x),
                Tensor.randint(gen, 0, 3, x.size(0))));

        export(dir, "lenet5", new LeNet5(gen), Tensor.randn(gen, 4, 1, 28, 28), gen, (m, x) -> Losses.crossEntropy(m.forward(x),
                Tensor.randint(gen, 0, 10, x.size(0))));

        export(dir, "resnet18", ResNet.resnet18(10, gen), Tensor.randn(gen, 2, 3, 64, 64), gen,
                (m, x) -> Losses.crossEntropy(m.forward(x), Tensor.randint(gen, 0, 10, x.size(0))));

        LSTM lstm = new LSTM(RecurrentOptions.of(10, 32).withNumLayers(2).withBatchFirst(true), gen);
        export(dir, "lstm", lstm, Tensor.randn(gen, 3, 7, 10), gen, (m, x) -> m.forward(x).square().mean());
    }

    /** Three Adam steps (lr 1e-3) on random batches shaped like {@code input}, then the files. */
    private static void export(Path dir, String name, Module model, Tensor input, Generator gen,
            BiFunction<Module, Tensor, Tensor> loss) throws IOException {
        Adam optimizer = new Adam(model.parameters(), Adam.Options.lr(1e-3));
        model.train();
        for (int step = 0; step < 3; step++) {
            optimizer.zeroGrad();
            loss.apply(model, Tensor.randn(gen, input.shape())).backward();
            optimizer.step();
        }
        Tensor output = Evaluation.predict(model, input);
        ModelFiles.save(model, dir.resolve(name + ".safetensors"), Map.of("arabica.model", name));
        TensorFiles.writeNpy(dir.resolve(name + "_input.npy"), input);
        TensorFiles.writeNpy(dir.resolve(name + "_output.npy"), output);
        System.out.printf("%-9s %3d tensors -> %s%n", name, model.stateDict().size(), dir.resolve(name + ".safetensors"));
    }
}
