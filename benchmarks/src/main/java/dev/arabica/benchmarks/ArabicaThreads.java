package dev.arabica.benchmarks;

/**
 * Ties a benchmark's {@code threads} parameter to {@code -Darabica.threads}, which sizes the
 * library's kernel pool when the pool is first created.
 *
 * <p>{@link RunAll} passes {@code -Darabica.threads=N} on each fork's command line, which is the
 * robust path. When the benchmarks are launched through plain {@code org.openjdk.jmh.Main}
 * instead, each parameter combination still gets a fresh fork, so setting the property in a
 * trial-level {@code @Setup}, before any library class has created its pool, has the same effect.
 * This is benchmark-harness code; the library itself never sets system properties.
 */
public final class ArabicaThreads {
    public static final String PROPERTY = "arabica.threads";

    private ArabicaThreads() {}

    /**
     * Makes sure this JVM runs the library with {@code threads} worker threads.
     *
     * @throws IllegalStateException if the JVM was started with a different {@code -Darabica.threads}
     *     (for example {@code -f 0} with several thread counts: the pool size cannot change in-process)
     */
    public static void require(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        String current = System.getProperty(PROPERTY);
        if (current == null) {
            System.setProperty(PROPERTY, Integer.toString(threads));
        } else if (!current.trim().equals(Integer.toString(threads))) {
            throw new IllegalStateException("this JVM runs with -D" + PROPERTY + "=" + current
                    + " but the benchmark parameter asks for threads=" + threads
                    + "; run each thread count in its own fork (use RunAll, or -p threads=" + current + ")");
        }
    }
}
