package dev.arabica.optim;

/**
 * Cosine annealing from the base learning rate to {@code etaMin} over {@code tMax} epochs, in the
 * closed form of {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 * <pre>
 * lr_t = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2
 * </pre>
 * Like PyTorch it is not clamped at {@code t = T_max}: afterwards the rate follows the cosine back
 * up (period {@code 2 T_max}).
 */
public final class CosineAnnealingLR extends LrScheduler {

    public CosineAnnealingLR(Optimizer<?> optimizer, int tMax, double etaMin) {
        super(optimizer, schedule(tMax, etaMin));
    }

    /** Anneals to 0. */
    public CosineAnnealingLR(Optimizer<?> optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    private static Formula schedule(int tMax, double etaMin) {
        requirePositive("CosineAnnealingLR", "T_max", tMax);
        requireNonNegative("CosineAnnealingLR", "eta_min", etaMin);
        return (t, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}
