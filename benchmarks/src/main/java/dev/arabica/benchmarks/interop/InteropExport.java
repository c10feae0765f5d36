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
import java.util.LinkedHashMap;
import java.util.Locale;
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
 * Usage: {@code InteropExport OUTPUT_DIR}. The other direction, {@code InteropExport --check-torch DIR}:
 * loads the {@code torch_<name>.safetensors} files that {@code check_safetensors.py --export-torch}
 * wrote from PyTorch's models into the same builders (strictly), runs {@code torch_<name>_input.npy}
 * in eval mode and compares with {@code torch_<name>_output.npy} (rtol 1e-5, atol 1e-5); exit
 * status 1 if a model differs.
 */
public final class InteropExport {
    private InteropExport() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--check-torch")) {
            System.exit(checkTorch(Path.of(args[1])) ? 0 : 1);
        }
        if (args.length != 1) {
            System.err.println("usage: InteropExport OUTPUT_DIR | InteropExport --check-torch DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        Generator gen = new Generator(2026);
        Map<String, Module> models = models(gen);
        export(dir, "mlp", models.get("mlp"), Tensor.randn(gen, 8, 20), gen, (m, x) -> Losses.crossEntropy(m.forward(x),
                Tensor.randint(gen, 0, 3, x.size(0))));
        export(dir, "lenet5", models.get("lenet5"), Tensor.randn(gen, 4, 1, 28, 28), gen, (m, x) -> Losses.crossEntropy(m.forward(x),
                Tensor.randint(gen, 0, 10, x.size(0))));
        export(dir, "resnet18", models.get("resnet18"), Tensor.randn(gen, 2, 3, 64, 64), gen,
                (m, x) -> Losses.crossEntropy(m.forward(x), Tensor.randint(gen, 0, 10, x.size(0))));
        export(dir, "lstm", models.get("lstm"), Tensor.randn(gen, 3, 7, 10), gen, (m, x) -> m.forward(x).square().mean());
    }

    /** The four architectures, in the order of the table above (check_safetensors.py builds the same in PyTorch). */
    static Map<String, Module> models(Generator gen) {
        Map<String, Module> models = new LinkedHashMap<>();
        models.put("mlp", new Sequential(new Linear(20, 64, gen), new BatchNorm1d(64), new ReLU(), new Dropout(0.2, gen),
                new Linear(64, 3, gen)));
        models.put("lenet5", new LeNet5(gen));
        models.put("resnet18", ResNet.resnet18(10, gen));
        models.put("lstm", new LSTM(RecurrentOptions.of(10, 32).withNumLayers(2).withBatchFirst(true), gen));
        return models;
    }

    /** PyTorch -> Arabica: every {@code torch_<name>} file loads strictly and reproduces PyTorch's output. */
    static boolean checkTorch(Path dir) throws IOException {
        boolean ok = true;
        for (Map.Entry<String, Module> e : models(new Generator(0)).entrySet()) {
            String name = "torch_" + e.getKey();
            Module model = e.getValue();
            ModelFiles.load(model, dir.resolve(name + ".safetensors"));   // strict: throws on any mismatch
            Tensor input = TensorFiles.readNpy(dir.resolve(name + "_input.npy"));
            Tensor expected = TensorFiles.readNpy(dir.resolve(name + "_output.npy"));
            Tensor output = Evaluation.predict(model, input);
            boolean match = output.allClose(expected, 1e-5f, 1e-5f);
            float maxDiff = output.sub(expected).abs().max().item();
            System.out.printf(Locale.ROOT, "%-9s %s %3d tensors, output %s: max |diff| %.2e%n", e.getKey(), match ? "OK  " : "FAIL",
                    model.stateDict().size(), java.util.Arrays.toString(output.shape()), maxDiff);
            ok &= match;
        }
        System.out.println(ok ? "PyTorch -> Arabica: all models match" : "PyTorch -> Arabica: MISMATCH");
        return ok;
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
