package dev.arabica.examples;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.train.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every example shares (a picocli mixin: {@code @Mixin StandardOptions options;}):
 * the output folder, the thread count and how progress is shown. Each example declares its own
 * data path, epochs or iterations, learning rate and seed, whose defaults differ.
 */
final class StandardOptions {

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for the weights and pictures (default: examples/output in the project).")
    Path output;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    Integer threads;

    @Option(names = "--threads", paramLabel = "N", description = {"Threads the kernels split their work into (default: all cores;",
            "at most the pool size, which -Darabica.threads in ARABICA_JAVA_OPTS sets)."})
    void threads(int n) {
        if (n < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + n);
        threads = n;
    }

    @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "MODE",
            description = "auto, bar, lines or none (default: auto: a bar on a terminal, log lines every 10 s otherwise).")
    Progress.Mode progress = Progress.Mode.AUTO;

    /** The output folder, created if missing. */
    Path outputDir() throws IOException {
        Path dir = output != null ? output : Main.projectRoot().resolve("examples/output");
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * The trainer's progress display on {@code out}: a bar on a terminal, otherwise a line every
     * 10 s within long epochs; the summary of every {@code everyEpochs}-th epoch and of the last one
     * is kept.
     */
    Progress progress(PrintStream out, int everyEpochs) {
        return new Progress(progress, out, Math.max(1, everyEpochs), Duration.ofSeconds(10));
    }

    /** Runs {@code body} with {@code --threads} in effect (see {@link Parallel#withThreads}). */
    <T> T run(Callable<T> body) throws Exception {
        if (threads == null) return body.call();
        Exception[] failure = new Exception[1];
        T result = Parallel.withThreads(threads, () -> {
            try {
                return body.call();
            } catch (Exception e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) throw failure[0];
        return result;
    }
}
