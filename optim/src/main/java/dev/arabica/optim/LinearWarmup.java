package dev.arabica.optim;

/**
 * Linear warmup: the learning rate ramps from {@code startFactor * base_lr} to {@code base_lr}
 * over {@code warmupSteps} steps, then stays at {@code base_lr} or follows another scheduler's
 * closed form, restarted at its epoch 0:
 * <pre>
 * lr_t = base_lr * (startFactor + (1 - startFactor) * t / warmupSteps)    t &lt; warmupSteps
 * lr_t = base_lr   or   after.lrAt(t - warmupSteps, base_lr)            t &gt;= warmupSteps
 * </pre>
 * The ramp is PyTorch's {@code LinearLR(start_factor, end_factor=1, total_iters=warmupSteps)};
 * with {@code after} it is {@code SequentialLR([LinearLR, after], milestones=[warmupSteps])}.
 *
 * <pre>{@code
 * var cosine = new CosineAnnealingLR(optimizer, totalSteps - 500, 0);
 * var scheduler = new LinearWarmup(optimizer, 0.01, 500, cosine);   // call scheduler.step() only
 * }</pre>
 * {@code after} must drive the same optimizer; only its formula and base learning rates are
 * used, so call {@link #step()} on this scheduler and never on {@code after}.
 */
public final class LinearWarmup extends LrScheduler {

    /** Warmup, then the constant base learning rate. */
    public LinearWarmup(Optimizer<?> optimizer, double startFactor, int warmupSteps) {
        super(optimizer, schedule(startFactor, warmupSteps, null));
    }

    /** Warmup, then {@code after}'s schedule (which sees epoch 0 at the end of the warmup). */
    public LinearWarmup(Optimizer<?> optimizer, double startFactor, int warmupSteps, LrScheduler after) {
        super(optimizer, schedule(startFactor, warmupSteps, checkAfter(optimizer, after)), after.baseLrs());
    }

    private static LrScheduler checkAfter(Optimizer<?> optimizer, LrScheduler after) {
        if (after == null) throw new NullPointerException("LinearWarmup: after");
        if (after.optimizer() != optimizer) {
            throw new IllegalArgumentException("LinearWarmup: the scheduler to hand over to drives another optimizer");
        }
        return after;
    }

    private static Formula schedule(double startFactor, int warmupSteps, LrScheduler after) {
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: startFactor must be in [0, 1], got " + startFactor);
        }
        if (warmupSteps < 0) throw new IllegalArgumentException("LinearWarmup: warmupSteps must be >= 0, got " + warmupSteps);
        return (t, base) -> {
            if (t < warmupSteps) return base * (startFactor + (1 - startFactor) * t / warmupSteps);
            return after == null ? base : after.lrAt(t - warmupSteps, base);
        };
    }
}
