package dev.arabica.optim;

/**
 * Decays the learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: {@code lr_t = base_lr * gamma^t}.
 */
public final class ExponentialLR extends LrScheduler {

    public ExponentialLR(Optimizer<?> optimizer, double gamma) {
        super(optimizer, schedule(gamma));
    }

    private static Formula schedule(double gamma) {
        requireNonNegative("ExponentialLR", "gamma", gamma);
        return (t, base) -> base * Math.pow(gamma, t);
    }
}
