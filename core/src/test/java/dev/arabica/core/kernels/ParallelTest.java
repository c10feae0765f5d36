package dev.arabica.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParallelTest {
    @Test
    void runsEveryTaskOnce() {
        AtomicIntegerArray hits = new AtomicIntegerArray(37);
        Parallel.withThreads(2, () -> Parallel.parallelFor(37, hits::incrementAndGet));
        for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "task " + i);
        Parallel.parallelFor(0, t -> { throw new AssertionError("no task expected"); });
    }

    @Test
    void runsInlineWithOneThreadOrOneTask() {
        Thread caller = Thread.currentThread();
        Parallel.withThreads(1, () -> Parallel.parallelFor(5, t -> assertSame(caller, Thread.currentThread())));
        Parallel.withThreads(2, () -> Parallel.parallelFor(1, t -> assertSame(caller, Thread.currentThread())));
    }

    @Test
    void usesNamedDaemonWorkers() {
        Thread caller = Thread.currentThread();
        Set<String> names = ConcurrentHashMap.newKeySet();
        Parallel.withThreads(2, () -> Parallel.parallelFor(8, t -> {
            Thread current = Thread.currentThread();
            if (current != caller) { // the caller takes a share of the tasks itself
                names.add(current.getName());
                assertTrue(current.isDaemon());
            }
        }));
        for (String name : names) assertTrue(name.startsWith("arabica-worker-"), name);
    }

    @Test
    @Timeout(20)
    void nestedCallsFromWorkersDoNotDeadlock() {
        AtomicIntegerArray hits = new AtomicIntegerArray(16 * 16);
        Parallel.withThreads(2, () -> Parallel.parallelFor(16, outer ->
                Parallel.parallelFor(16, inner -> hits.incrementAndGet(outer * 16 + inner))));
        for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i));
    }

    @Test
    void rethrowsTaskExceptions() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.withThreads(2, () -> Parallel.parallelFor(4, t -> {
                    if (t == 3) throw new IllegalStateException("task 3");
                })));
        assertEquals("task 3", e.getMessage()); // the task's own exception, not a wrapper
    }

    @Test
    void withThreadsIsScopedAndRestored() {
        int before = Parallel.threads();
        assertEquals(3, Parallel.withThreads(3, () -> Parallel.withThreads(5, Parallel::threads) - 2));
        assertEquals(before, Parallel.threads());
        assertThrows(IllegalArgumentException.class, () -> Parallel.withThreads(0, () -> { }));
    }

    @Test
    @Timeout(60)
    void manyBackToBackJobsLoseNoTaskAndNoWakeup() {
        // Alternates short jobs with pauses longer than the workers' spin, so that workers both
        // catch jobs while spinning and are woken from park.
        long[] sums = new long[1];
        Parallel.withThreads(2, () -> {
            for (int round = 0; round < 20_000; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(3);
                Parallel.parallelFor(3, hits::incrementAndGet);
                for (int t = 0; t < 3; t++) assertEquals(1, hits.get(t), "round " + round + " task " + t);
                sums[0] += 3;
                if (round % 2000 == 0) java.util.concurrent.locks.LockSupport.parkNanos(2 * Parallel.SPIN_NANOS);
            }
        });
        assertEquals(60_000, sums[0]);
    }

    @Test
    @Timeout(60)
    void concurrentCallersFromApplicationThreadsAllFinish() throws Exception {
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int k = 0; k < threads.length; k++) {
            threads[k] = new Thread(() -> {
                try {
                    Parallel.withThreads(2, () -> {
                        for (int round = 0; round < 2_000; round++) {
                            AtomicIntegerArray hits = new AtomicIntegerArray(5);
                            Parallel.parallelFor(5, hits::incrementAndGet);
                            for (int t = 0; t < 5; t++) assertEquals(1, hits.get(t));
                        }
                    });
                } catch (Throwable e) {
                    synchronized (failure) { failure[0] = e; }
                }
            });
            threads[k].start();
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }
}
