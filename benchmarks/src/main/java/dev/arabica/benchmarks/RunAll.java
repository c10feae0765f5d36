package dev.arabica.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks once per library thread count, each time in forks started with
 * {@code --add-modules jdk.incubator.vector -Darabica.threads=N} and with the benchmarks'
 * {@code threads} parameter pinned to {@code N}, then prints one summary table.
 *
 * <p>Usage: {@code RunAll [--threads 1,2] [any JMH option or include regex...]}. JMH options are
 * parsed as by {@code org.openjdk.jmh.Main} (e.g. {@code GemmBenchmark -p n=512 -wi 2 -i 3});
 * a {@code -jvmArgsAppend} given there is kept and extended. {@code -rf/-rff} result files get a
 * {@code -tN} suffix per thread count.
 */
public final class RunAll {
    private RunAll() {}

    public static void main(String[] args) throws Exception {
        List<Integer> threadCounts = List.of(1, 2);
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--threads") && i + 1 < args.length) {
                threadCounts = parseThreads(args[++i]);
            } else if (arg.startsWith("--threads=")) {
                threadCounts = parseThreads(arg.substring("--threads=".length()));
            } else {
                jmhArgs.add(arg);
            }
        }
        if (jmhArgs.stream().anyMatch(a -> a.equals("-h") || a.equals("-l") || a.equals("-lp")
                || a.equals("-lprof") || a.equals("-lrf"))) {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return;
        }
        CommandLineOptions commandLine = new CommandLineOptions(jmhArgs.toArray(String[]::new));

        List<RunResult> results = new ArrayList<>();
        for (int threads : threadCounts) {
            List<String> jvmArgs = new ArrayList<>(commandLine.getJvmArgsAppend().orElse(List.of()));
            jvmArgs.addAll(List.of("--add-modules", "jdk.incubator.vector",
                    "-D" + ArabicaThreads.PROPERTY + "=" + threads));
            OptionsBuilder builder = new OptionsBuilder();
            builder.parent(commandLine)
                    .param("threads", Integer.toString(threads))
                    .jvmArgsAppend(jvmArgs.toArray(String[]::new));
            Optional<String> resultFile = commandLine.getResult().hasValue()
                    ? Optional.of(commandLine.getResult().get()) : Optional.empty();
            resultFile.ifPresent(file -> builder.result(withSuffix(file, "-t" + threads)));
            Options options = builder.build();
            results.addAll(new Runner(options).run());
        }
        printSummary(results);
    }

    private static List<Integer> parseThreads(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String part : list.split(",")) {
            int t = Integer.parseInt(part.trim());
            if (t < 1) {
                throw new IllegalArgumentException("--threads values must be >= 1, got " + t);
            }
            counts.add(t);
        }
        return counts;
    }

    private static String withSuffix(String file, String suffix) {
        int dot = file.lastIndexOf('.');
        int slash = file.lastIndexOf('/');
        return dot > slash ? file.substring(0, dot) + suffix + file.substring(dot) : file + suffix;
    }

    /** One line per (benchmark, parameters): score, and GFLOP/s where the benchmark counts flops. */
    private static void printSummary(Collection<RunResult> results) {
        System.out.println();
        System.out.println("Summary (threads = library threads, -Darabica.threads):");
        System.out.printf(Locale.ROOT, "%-40s %-24s %7s %14s %10s %-10s %10s%n",
                "benchmark", "params", "threads", "score", "error", "unit", "GFLOP/s");
        for (RunResult run : results) {
            var params = run.getParams();
            String name = params.getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder paramText = new StringBuilder();
            String threads = "-";
            for (String key : params.getParamsKeys()) {
                if (key.equals("threads")) {
                    threads = params.getParam(key);
                } else {
                    paramText.append(paramText.isEmpty() ? "" : ",").append(key).append('=')
                            .append(params.getParam(key));
                }
            }
            Result<?> primary = run.getPrimaryResult();
            Result<?> flops = run.getSecondaryResults().get("gflops");
            String gflops = flops == null ? "" : String.format(Locale.ROOT, "%.2f", flops.getScore());
            System.out.printf(Locale.ROOT, "%-40s %-24s %7s %14.4g %10.3g %-10s %10s%n", name,
                    paramText, threads, primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit(), gflops);
        }
    }
}
