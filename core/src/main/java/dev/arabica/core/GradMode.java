package dev.arabica.core;

/**
 * Thread-local switch for gradient recording. Use with try-with-resources:
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);   // no graph is built
 * }
 * }</pre>
 * Scopes nest; closing one restores the previous state of the current thread.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** Whether operations on the current thread record the graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables gradient recording on this thread until the returned scope is closed. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Enables gradient recording on this thread until the returned scope is closed. */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] state = ENABLED.get();
        boolean previous = state[0];
        state[0] = enabled;
        return new Scope(state, previous);
    }

    /** Restores the previous mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] state;
        private final boolean previous;
        private boolean closed;

        private Scope(boolean[] state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                state[0] = previous;
            }
        }
    }
}
