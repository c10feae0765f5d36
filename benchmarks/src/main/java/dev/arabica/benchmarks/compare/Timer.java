package dev.arabica.benchmarks.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm-up-until-settled, then median-of-runs timing. {@code benchmarks/compare_torch.py} uses the
 * same procedure (with a shorter minimum warm-up, as there is no JIT to wait for).
 *
 * <p>Warm-up runs the task in rounds of about {@code roundSeconds}; it ends once at least
 * {@code warmupMinSeconds} have passed and the time per call of the last three rounds agrees within
 * {@code settleTolerance} (the JIT has settled), or when another round would overrun
 * {@code warmupMaxSeconds}. Measurement then takes up to {@code runs} runs, each a batch of calls
 * lasting about {@code runSeconds} (at least one call), stopping early after {@code minRuns} runs
 * once {@code maxMeasureSeconds} have passed. The result is the median time per call.
 */
public record Timer(double warmupMinSeconds, double warmupMaxSeconds, double roundSeconds,
                    double settleTolerance, int runs, int minRuns, double runSeconds,
                    double maxMeasureSeconds) {

    /**
     * At most 30 s of warm-up: a CNN training step runs its Vector API micro-kernel interpreted (one
     * object per vector operation, seconds per step) until C2 has compiled it, which took over 10 s on
     * a loaded 2-core machine. Workloads that settle sooner stop sooner.
     */
    public static final Timer DEFAULT = new Timer(2.0, 30.0, 0.25, 0.03, 7, 3, 0.1, 10.0);
    /**
     * Minimum warm-up for training-step workloads ({@link Metric#MILLISECONDS_PER_STEP}): a step
     * calls some methods only a few times (a layer's forward, the optimizer's step), and C2 compiles
     * them 20-30 s in; until then the step time wanders by 10-40 % (measured on W4 with
     * {@code -XX:+PrintCompilation}), and the three-rounds-agree rule could stop the warm-up in that
     * state. A training run lasts minutes, so its steady state is what is compared. The maximum
     * grows with it.
     */
    public static final double STEP_WARMUP_SECONDS = 20.0;

    /** This timer with at least {@code seconds} of warm-up (and a maximum at least 30 s beyond it). */
    public Timer withMinimumWarmup(double seconds) {
        if (seconds <= warmupMinSeconds) return this;
        return new Timer(seconds, Math.max(warmupMaxSeconds, seconds + 30.0), roundSeconds, settleTolerance, runs, minRuns,
                runSeconds, maxMeasureSeconds);
    }

    /** For smoke tests of the harness: numbers are noisier. */
    public static final Timer QUICK = new Timer(0.5, 2.0, 0.1, 0.05, 3, 3, 0.05, 3.0);

    /** Median seconds per call, with what it took to get there. */
    public record Timing(double medianSeconds, double minSeconds, double maxSeconds, int runs,
                         int callsPerRun, double warmupSeconds, boolean settled) {
        /** (max - min) / median over the measured runs. */
        public double spread() {
            return (maxSeconds - minSeconds) / medianSeconds;
        }
    }

    public Timing measure(Task task) {
        long start = System.nanoTime();
        List<Double> rounds = new ArrayList<>();
        boolean settled = false;
        double lastRound = 0;
        while (true) {
            long roundStart = System.nanoTime();
            long now;
            int calls = 0;
            do {
                task.run();
                calls++;
                now = System.nanoTime();
            } while (now - roundStart < roundSeconds * 1e9);
            lastRound = (now - roundStart) * 1e-9;
            rounds.add(lastRound / calls);
            double elapsed = (now - start) * 1e-9;
            if (elapsed >= warmupMinSeconds && settled(rounds)) {
                settled = true;
                break;
            }
            if (elapsed + lastRound > warmupMaxSeconds) {
                break;
            }
        }
        double warmup = (System.nanoTime() - start) * 1e-9;
        double estimate = rounds.get(rounds.size() - 1);
        int callsPerRun = (int) Math.max(1, Math.min(1_000_000, Math.round(runSeconds / estimate)));

        double[] samples = new double[runs];
        int taken = 0;
        long measureStart = System.nanoTime();
        while (taken < runs) {
            long t0 = System.nanoTime();
            for (int i = 0; i < callsPerRun; i++) {
                task.run();
            }
            long t1 = System.nanoTime();
            samples[taken++] = (t1 - t0) * 1e-9 / callsPerRun;
            if (taken >= minRuns && (t1 - measureStart) * 1e-9 >= maxMeasureSeconds) {
                break;
            }
        }
        double[] sorted = Arrays.copyOf(samples, taken);
        Arrays.sort(sorted);
        double median = taken % 2 == 1 ? sorted[taken / 2]
                : 0.5 * (sorted[taken / 2 - 1] + sorted[taken / 2]);
        return new Timing(median, sorted[0], sorted[taken - 1], taken, callsPerRun, warmup, settled);
    }

    private boolean settled(List<Double> rounds) {
        if (rounds.size() < 3) {
            return false;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : rounds.subList(rounds.size() - 3, rounds.size())) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max <= min * (1 + settleTolerance);
    }
}
