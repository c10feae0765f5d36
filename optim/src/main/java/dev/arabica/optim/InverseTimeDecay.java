package dev.arabica.optim;

/**
 * Inverse-time decay: {@code lr_t = base_lr / (1 + decayRate * floor(t / timeInterval))}, so the
 * rate drops every {@code timeInterval} epochs (every epoch by default).
 */
public final class InverseTimeDecay extends LrScheduler {

    public InverseTimeDecay(Optimizer<?> optimizer, double decayRate, int timeInterval) {
        super(optimizer, schedule(decayRate, timeInterval));
    }

    /** Decays every epoch ({@code timeInterval = 1}). */
    public InverseTimeDecay(Optimizer<?> optimizer, double decayRate) {
        this(optimizer, decayRate, 1);
    }

    private static Formula schedule(double decayRate, int timeInterval) {
        requireNonNegative("InverseTimeDecay", "decayRate", decayRate);
        requirePositive("InverseTimeDecay", "timeInterval", timeInterval);
        return (t, base) -> base / (1 + decayRate * (t / timeInterval));
    }
}
