package dev.arabica.consumer;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.simd.VectorProviders;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains a small MLP on XOR-labelled points, saves it as safetensors, loads the file into a fresh
 * model and checks that both give the same outputs. Arguments: {@code class-path|module-path}
 * (how it was launched, checked) and {@code scalar|panama} (the vector provider it must get).
 */
public final class Main {
    private static final int N = 256;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) throw new IllegalArgumentException("usage: Main class-path|module-path scalar|panama");
        boolean modulePath = args[0].equals("module-path");
        check(Main.class.getModule().isNamed() == modulePath && Tensor.class.getModule().isNamed() == modulePath,
                "launched on the " + args[0] + " but Arabica's module is " + Tensor.class.getModule());
        String provider = VectorProviders.get().name();
        check(provider.equals(args[1]), "vector provider " + provider + ", expected " + args[1]);

        // XOR of the signs of two coordinates in [-1, 1): class 1 when they differ.
        Generator gen = new Generator(42);
        float[] xs = new float[N * 2];
        long[] ys = new long[N];
        for (int i = 0; i < N; i++) {
            xs[2 * i] = 2 * gen.nextFloat() - 1;
            xs[2 * i + 1] = 2 * gen.nextFloat() - 1;
            ys[i] = (xs[2 * i] > 0) != (xs[2 * i + 1] > 0) ? 1 : 0;
        }
        Tensor x = Tensor.of(xs, N, 2);
        Tensor y = Tensor.ofLongs(ys, N);

        Module model = mlp(gen);
        SGD optimizer = new SGD(model.parameters(), 0.5);
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++) {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        model.eval();
        float[] out = model.forward(x).toFloatArray();
        double accuracy = accuracy(out, ys);
        check(last < first / 4 && accuracy >= 0.9,
                "training did not converge: loss " + first + " -> " + last + ", accuracy " + accuracy);

        Path file = Files.createTempFile("arabica-consumer", ".safetensors");
        try {
            ModelFiles.save(model, file);
            Module fresh = mlp(new Generator(7));
            fresh.eval();
            check(!Arrays.equals(fresh.forward(x).toFloatArray(), out), "a fresh model already gives the trained outputs");
            ModelFiles.load(fresh, file);
            check(fresh.stateDict().keySet().equals(model.stateDict().keySet()), "state dict keys differ after loading");
            check(Arrays.equals(fresh.forward(x).toFloatArray(), out), "the reloaded model gives other outputs");
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.printf("consumer (%s, %s provider): ok: loss %.4f -> %.4f, accuracy %.3f, reloaded outputs equal%n",
                args[0].replace('-', ' '), provider, first, last, accuracy);
    }

    private static Module mlp(Generator gen) {
        return new Sequential(new Linear(2, 16, gen), new ReLU(), new Linear(16, 2, gen));
    }

    private static double accuracy(float[] logits, long[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            long predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
            if (predicted == labels[i]) right++;
        }
        return (double) right / labels.length;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalStateException("consumer check failed: " + message);
    }
}
