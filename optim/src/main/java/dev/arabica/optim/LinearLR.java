package dev.arabica.optim;

/**
 * Scales the base learning rate by a factor that moves linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} steps and then stays at {@code endFactor}, as
 * {@code torch.optim.lr_scheduler.LinearLR}:
 * {@code lr_t = base_lr * (start + (end - start) * min(t, totalIters) / totalIters)}.
 * With {@code endFactor = 1} it is a linear warm-up (see also {@link LinearWarmup}, which can hand
 * over to another schedule); with {@code endFactor < 1} a linear decay.
 */
public final class LinearLR extends LrScheduler {

    public LinearLR(Optimizer<?> optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer, schedule(startFactor, endFactor, totalIters));
    }

    private static Formula schedule(double start, double end, int totalIters) {
        if (!(start > 0 && start <= 1)) {
            throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + start);
        }
        if (!(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + end);
        }
        if (totalIters < 0) throw new IllegalArgumentException("LinearLR: totalIters must be >= 0, got " + totalIters);
        return (t, base) -> {
            if (totalIters == 0) return base * end;
            return base * (start + (end - start) * Math.min(t, totalIters) / totalIters);
        };
    }
}
