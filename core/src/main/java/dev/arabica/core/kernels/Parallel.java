package dev.arabica.core.kernels;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernels' thread pool: {@code N - 1} daemon threads named {@code arabica-worker-K} plus the
 * calling thread, created on first parallel use.
 *
 * <p>Its size {@code N} is {@code -Darabica.threads=N} (default: {@code availableProcessors()}).
 * Kernels ask {@link #threads()} how many pieces to cut their work into and run the pieces with
 * {@link #parallelFor} or {@link #forRange}; they cut over independent output blocks so that
 * results do not depend on the thread count. {@link #withThreads} lowers (or raises) that count for
 * the calling thread only, e.g. to compare 1 and 2 threads in a test.
 *
 * <p>Hand-offs are cheap, as in an OpenMP runtime: after a job, a worker spins for
 * {@link #SPIN_NANOS} waiting for the next one before it parks, so back-to-back kernels (the layers
 * of a training step) reach a running worker in about a microsecond instead of the 20-50 us it
 * takes to wake a parked thread. The pool runs one job at a time: a {@code parallelFor} issued while
 * it is busy (from inside a task, or from another application thread) runs its tasks inline, which
 * gives the same results.
 */
public final class Parallel {
    /** System property giving the pool size. */
    public static final String THREADS_PROPERTY = "arabica.threads";
    /**
     * How long an idle worker spins before parking: long enough to span the serial code between
     * the kernels of a training step, short enough to cost little when the library goes idle.
     */
    static final long SPIN_NANOS = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(Parallel.class);
    private static final int CONFIGURED_THREADS = configuredThreads();
    /** Per-thread override set by {@link #withThreads}; 0 means none. */
    private static final ThreadLocal<int[]> OVERRIDE = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {}

    private static final class PoolHolder {
        static final Pool POOL = new Pool(CONFIGURED_THREADS - 1);
    }

    /** One parallel loop: tasks {@code [0, tasks)} handed out one at a time. */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final Thread waiter;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(IntConsumer body, int tasks, Thread waiter) {
            this.body = body;
            this.tasks = tasks;
            this.waiter = waiter;
        }

        /** Runs tasks until none are left; the thread that finishes the last one wakes the waiter. */
        void work() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(t);
                } catch (Throwable e) { // handed to the caller, which rethrows it
                    if (error == null) error = e;
                } finally {
                    if (done.incrementAndGet() == tasks) LockSupport.unpark(waiter);
                }
            }
        }
    }

    private static final class Pool {
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile Job job;
        volatile long generation;

        Pool(int size) {
            LOG.debug("Starting the kernel pool with {} threads", size + 1);
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void publish(Job j) {
            job = j;
            generation++; // a volatile write after the job's: workers that see it see the job
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
        }
    }

    /** Pool worker; the type lets {@link #parallelFor} recognise calls made from inside the pool. */
    private static final class Worker extends Thread {
        final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("arabica-worker-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                long g;
                while ((g = pool.generation) == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true; // written before generation is read again: publish() sees one or the other
                    if (pool.generation == seen) LockSupport.park(this);
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
                seen = g;
                Job j = pool.job;
                if (j != null) j.work(); // null: the job finished before this worker looked
            }
        }
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
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)}, in parallel on the pool
     * and the calling thread, and returns when all have finished. The tasks must be independent
     * (they write disjoint outputs). Runs inline on the caller when {@code tasks == 1},
     * {@link #threads()} is 1, or the pool is busy (a call from inside a task, or from another
     * thread while a job runs): nesting cannot deadlock. The first exception thrown by a task is
     * rethrown here, after every task has finished.
     */
    public static void parallelFor(int tasks, IntConsumer body) {
        Objects.requireNonNull(body, "body");
        if (tasks < 0) throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
        if (tasks == 0) return;
        Pool pool = tasks == 1 || threads() == 1 || Thread.currentThread() instanceof Worker ? null : PoolHolder.POOL;
        if (pool == null || pool.workers.length == 0 || !pool.busy.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        Job job = new Job(body, tasks, Thread.currentThread());
        try {
            pool.publish(job);
            job.work();
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (job.done.get() < tasks) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(job);
            }
        } finally {
            pool.job = null; // do not keep the body (and the arrays it captures) alive after the call
            pool.busy.set(false);
        }
        Throwable e = job.error;
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e);
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
}
