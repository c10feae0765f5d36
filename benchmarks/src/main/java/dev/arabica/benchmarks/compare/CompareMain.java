package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.ArabicaThreads;
import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Arabica side of {@code benchmarks/compare}: measures one workload at one thread count and
 * prints machine-readable rows on stdout; progress goes to stderr.
 *
 * <pre>
 * CompareMain --list
 * CompareMain --env
 * CompareMain --workload W1 --threads N [--quick] [--params REGEX]
 * </pre>
 *
 * <p>Each row is {@code RESULT<TAB>workload<TAB>params<TAB>threads<TAB>metric<TAB>higher|lower<TAB>value},
 * with {@code NA} as value when the case could not run. Start the JVM with
 * {@code --add-modules jdk.incubator.vector -Darabica.threads=N}; the script does.
 */
public final class CompareMain {
    private CompareMain() {}

    public static void main(String[] args) {
        String workloadId = null;
        Integer threads = null;
        Timer timer = Timer.DEFAULT;
        Pattern paramFilter = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--list" -> {
                    for (Workload w : Workloads.all()) {
                        System.out.println(w.id() + "\t" + w.description());
                    }
                    return;
                }
                case "--env" -> {
                    // What the Arabica side runs on, for the table's footer and every CSV row.
                    VectorProvider vp = VectorProviders.get();
                    int lanes = vp.floatLanes();
                    System.out.println("ENV\tsimd\t" + (lanes > 1
                            ? vp.name() + " " + 32 * lanes + "-bit (" + lanes + " float lanes)"
                            : vp.name() + " (no Vector API)"));
                    return;
                }
                case "--workload" -> workloadId = value(args, ++i);
                case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                case "--quick" -> timer = Timer.QUICK;
                case "--params" -> paramFilter = Pattern.compile(value(args, ++i));
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (workloadId == null) {
            usage("--workload is required");
        }
        Workload workload = Workloads.byId(workloadId).orElse(null);
        if (workload == null) {
            System.err.println("[arabica] unknown workload " + workloadId + " (known: "
                    + String.join(",", Workloads.all().stream().map(Workload::id).toList()) + ")");
            return;
        }
        if (threads == null) {
            threads = Integer.getInteger(ArabicaThreads.PROPERTY, Runtime.getRuntime().availableProcessors());
        }
        ArabicaThreads.require(threads);

        for (String text : workload.params()) {
            if (paramFilter != null && !paramFilter.matcher(text).find()) {
                continue;
            }
            String value = "NA";
            if (!workload.available()) {
                System.err.printf("[arabica] %s %s threads=%d: NA (Java side pending)%n", workload.id(),
                        text, threads);
            } else {
                try {
                    Task task = workload.prepare(Params.parse(text));
                    System.gc();
                    Timer stepTimer = timer == Timer.DEFAULT && workload.metric() == Metric.MILLISECONDS_PER_STEP
                            ? timer.withMinimumWarmup(Timer.STEP_WARMUP_SECONDS) : timer;
                    Timer.Timing t = stepTimer.measure(task);
                    double result = workload.metric().fromSeconds(t.medianSeconds(), task.flops());
                    value = String.format(Locale.ROOT, "%.6g", result);
                    System.err.printf(Locale.ROOT,
                            "[arabica] %s %s threads=%d: %s %s (median of %d runs x %d calls, spread %.1f%%, warm-up %.1f s%s)%n",
                            workload.id(), text, threads, value, workload.metric().label(), t.runs(),
                            t.callsPerRun(), 100 * t.spread(), t.warmupSeconds(),
                            t.settled() ? "" : ", not settled");
                } catch (RuntimeException e) {
                    System.err.printf("[arabica] %s %s threads=%d failed: %s%n", workload.id(), text, threads, e);
                }
            }
            System.out.printf("RESULT\t%s\t%s\t%d\t%s\t%s\t%s%n", workload.id(), text, threads,
                    workload.metric().label(), workload.metric().higherIsBetter() ? "higher" : "lower", value);
            System.out.flush();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("CompareMain: " + problem);
        System.err.println("usage: CompareMain --list | --env | --workload ID [--threads N] [--quick] [--params REGEX]");
        System.exit(2);
    }
}
