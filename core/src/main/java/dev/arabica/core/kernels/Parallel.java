package dev.arabica.core.kernels;

import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernels' thread pool: one dedicated {@link ForkJoinPool} of daemon threads named
 * {@code arabica-worker-N}, created on first parallel use.
 *
 * <p>Its size is {@code -Darabica.threads=N} (default: {@code availableProcessors()}). Kernels ask
 * {@link #threads()} how many pieces to cut their work into and run the pieces with
 * {@link #parallelFor}; they cut over independent output blocks so that results do not depend on
 * the thread count. {@link #withThreads} lowers (or raises) that count for the calling thread only,
 * e.g. to compare 1 and 2 threads in a test.
 */
public final class Parallel {
    /** System property giving the pool size. */
    public static final String THREADS_PROPERTY = "arabica.threads";

    private static final Logger LOG = LoggerFactory.getLogger(Parallel.class);
    private static final int CONFIGURED_THREADS = configuredThreads();
    /** Per-thread override set by {@link #withThreads}; 0 means none. */
    private static final ThreadLocal<int[]> OVERRIDE = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {}

    private static final class PoolHolder {
        static final ForkJoinPool POOL = createPool(CONFIGURED_THREADS);
    }

    /** Pool worker; the type lets {@link #parallelFor} recognise calls made from inside the pool. */
    private static final class Worker extends ForkJoinWorkerThread {
        private static final AtomicInteger COUNTER = new AtomicInteger();

        Worker(ForkJoinPool pool) {
            super(pool);
            setName("arabica-worker-" + COUNTER.incrementAndGet());
            setDaemon(true);
        }
    }

    private static ForkJoinPool createPool(int size) {
        LOG.debug("Starting the kernel pool with {} threads", size);
        return new ForkJoinPool(size, Worker::new, null, false);
    }

    private static int configuredThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) return cores;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        LOG.warn("Ignoring -D{}={}: expected a positive integer; using {} threads", THREADS_PROPERTY, value, cores);
        return cores;
    }

    /**
     * How many threads kernels called from this thread should use: the {@link #withThreads}
     * override if one is active, else the pool size.
     */
    public static int threads() {
        int override = OVERRIDE.get()[0];
        return override > 0 ? override : CONFIGURED_THREADS;
    }

    /**
     * Runs {@code body} with {@link #threads()} returning {@code threads} on the calling thread,
     * then restores the previous value. Kernels started inside split their work into that many
     * pieces; the pool itself keeps its size, so asking for more threads than it has only changes
     * the split (which is what a determinism test needs).
     */
    public static <T> T withThreads(int threads, Supplier<T> body) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Objects.requireNonNull(body, "body");
        int[] slot = OVERRIDE.get();
        int previous = slot[0];
        slot[0] = threads;
        try {
            return body.get();
        } finally {
            slot[0] = previous;
        }
    }

    /** {@link #withThreads(int, Supplier)} for a body without result. */
    public static void withThreads(int threads, Runnable body) {
        Objects.requireNonNull(body, "body");
        withThreads(threads, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)}, in parallel on the pool,
     * and returns when all have finished. The tasks must be independent (they write disjoint
     * outputs). Runs inline on the caller when {@code tasks == 1} or {@link #threads()} is 1.
     * Safe to call from inside a pool task: the waiting worker runs queued tasks instead of
     * blocking, so nesting cannot deadlock. An exception thrown by a task is rethrown here.
     */
    public static void parallelFor(int tasks, IntConsumer body) {
        Objects.requireNonNull(body, "body");
        if (tasks < 0) throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
        if (tasks == 0) return;
        if (tasks == 1 || threads() == 1) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        if (Thread.currentThread() instanceof Worker w && w.getPool() == PoolHolder.POOL) {
            new RangeTask(body, 0, tasks).invoke();
            return;
        }
        // From outside the pool the caller runs task 0 itself instead of blocking while the pool
        // works: one thread fewer to wake, and a 2-way split costs a single hand-off.
        RangeTask rest = new RangeTask(body, 1, tasks);
        PoolHolder.POOL.execute(rest);
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            rest.quietlyJoin(); // never return while other tasks may still write
            throw e;
        }
        rest.join();
    }

    /** The body of {@link #forRange}: processes the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Number of blocks {@link #forRange} cuts {@code [0, n)} into: {@code ceil(n / grain)}. */
    public static int blockCount(int n, int grain) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        return (int) (((long) n + grain - 1) / grain);
    }

    /**
     * A deterministic parallel loop over the index range {@code [0, n)}: cuts it into the blocks
     * {@code [b*grain, min(n, (b+1)*grain))}, {@code b = 0 .. blockCount(n, grain) - 1}, and calls
     * {@code body.run(from, to)} once per block, on the pool, returning when all blocks are done.
     *
     * <p>The blocks depend on {@code n} and {@code grain} only, never on the number of threads, so
     * any per-block result (a partial sum stored at index {@code from / grain}, say) is the same
     * with 1 or 16 threads; combine such partials in block order afterwards. Consecutive blocks are
     * grouped into one task per thread, so a call costs one hand-off per thread (20-50 us to wake a
     * parked worker): choose {@code grain} so that several blocks' work outweighs that, or pass
     * {@code grain >= n} to stay on the calling thread. Blocks must write disjoint outputs; an
     * exception from a block is rethrown here.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        forRange(n, grain, true, body);
    }

    /**
     * {@link #forRange(int, int, RangeBody)}, or the same blocks in order on the calling thread when
     * {@code parallel} is false (work too small to be worth a hand-off): the blocks, and so every
     * per-block result, are the same either way.
     */
    public static void forRange(int n, int grain, boolean parallel, RangeBody body) {
        Objects.requireNonNull(body, "body");
        int blocks = blockCount(n, grain);
        if (blocks == 0) return;
        int pieces = parallel ? Math.min(threads(), blocks) : 1;
        if (pieces == 1) {
            for (int b = 0; b < blocks; b++) body.run(b * grain, (int) Math.min(n, (long) (b + 1) * grain));
            return;
        }
        parallelFor(pieces, p -> {
            int first = (int) ((long) blocks * p / pieces), last = (int) ((long) blocks * (p + 1) / pieces);
            for (int b = first; b < last; b++) body.run(b * grain, (int) Math.min(n, (long) (b + 1) * grain));
        });
    }

    /** Splits {@code [from, to)} in halves until single tasks remain. */
    private static final class RangeTask extends RecursiveAction {
        private final transient IntConsumer body;
        private final int from;
        private final int to;

        RangeTask(IntConsumer body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new RangeTask(body, from, mid), new RangeTask(body, mid, to));
        }
    }
}
