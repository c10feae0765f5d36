package dev.arabica.benchmarks.footprint;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;

/**
 * Start-up cost: the time from the start of the process to the first completed training step of
 * the README's MLP (784-256-10, ReLU, cross-entropy, Adam lr 1e-3, a shuffled batch of 64 from
 * 2,048 random examples), and the second step for comparison. Prints one line:
 * <pre>
 * first-step  process->main 85 ms  jvm->main 60 ms  main->step1 420 ms  process->step1 505 ms  step2 9.1 ms
 * </pre>
 * With an argument {@code N}, it goes on to step {@code N} and prints when steps 5, 10, 20, 50, 100, ...
 * complete, with the duration of that step (how long the JIT takes to reach steady speed).
 * "process" is the operating system's start time of this process ({@code ProcessHandle}, 10 ms
 * resolution on Linux), "jvm" the JVM's ({@code RuntimeMXBean.getStartTime}, after the JVM has
 * loaded). Everything Arabica does once happens inside main->step1: class loading, the Vector API's
 * set-up, the thread pool's start, interpreted first calls.
 */
public final class FirstStep {
    private FirstStep() {}

    public static void main(String[] args) {
        long mainMillis = System.currentTimeMillis();
        long mainNanos = System.nanoTime();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long processStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(jvmStart);

        Generator gen = new Generator(42);
        Tensor x = Tensor.randn(gen, 2048, 784);
        Tensor y = x.slice(1, 0, 10).argmax(1);
        Sequential model = new Sequential(new Linear(784, 256, gen), new ReLU(), new Linear(256, 10, gen));
        Adam optimizer = new Adam(model.parameters(), Adam.Options.lr(1e-3));
        DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(64).shuffle(gen);
        var batches = loader.iterator();

        step(model, optimizer, batches.next());
        long firstNanos = System.nanoTime();
        long firstMillis = mainMillis + (firstNanos - mainNanos) / 1_000_000;
        step(model, optimizer, batches.next());
        long secondNanos = System.nanoTime();

        System.out.printf(Locale.ROOT, "first-step  process->main %d ms  jvm->main %d ms  main->step1 %d ms  process->step1 %d ms  step2 %.1f ms%n",
                mainMillis - processStart, mainMillis - jvmStart, (firstNanos - mainNanos) / 1_000_000, firstMillis - processStart,
                (secondNanos - firstNanos) / 1e6);

        // Optional warm-up curve: FirstStep N prints when steps 5, 10, 20, 50, ... up to N complete.
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        StringBuilder curve = new StringBuilder("warm-up    ");
        long previous = secondNanos;
        for (int k = 3; k <= steps; k++) {
            if (!batches.hasNext()) batches = loader.iterator();
            step(model, optimizer, batches.next());
            long now = System.nanoTime();
            if (k == steps || k == 5 || k == 10 || k == 20 || k == 50 || k % 100 == 0) {
                curve.append(String.format(Locale.ROOT, " step%d@%dms(%.1fms)", k, (now - mainNanos) / 1_000_000, (now - previous) / 1e6));
            }
            previous = now;
        }
        if (steps > 2) System.out.println(curve);
    }

    private static void step(Sequential model, Adam optimizer, DataLoader.Batch batch) {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(batch.x()), batch.y());
        loss.backward();
        optimizer.step();
    }
}
