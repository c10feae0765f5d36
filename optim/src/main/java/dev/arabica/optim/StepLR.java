package dev.arabica.optim;

/**
 * Decays the learning rate by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: {@code lr_t = base_lr * gamma^floor(t / stepSize)}.
 */
public final class StepLR extends LrScheduler {

    public StepLR(Optimizer<?> optimizer, int stepSize, double gamma) {
        super(optimizer, schedule(stepSize, gamma));
    }

    private static Formula schedule(int stepSize, double gamma) {
        requirePositive("StepLR", "step_size", stepSize);
        requireNonNegative("StepLR", "gamma", gamma);
        return (t, base) -> base * Math.pow(gamma, t / stepSize);
    }
}
