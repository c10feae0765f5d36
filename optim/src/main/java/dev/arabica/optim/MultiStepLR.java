package dev.arabica.optim;

/**
 * Decays the learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}:
 * {@code lr_t = base_lr * gamma^(number of milestones <= t)} (a repeated milestone counts twice).
 */
public final class MultiStepLR extends LrScheduler {

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer, schedule(milestones, gamma));
    }

    private static LrSchedule schedule(int[] milestones, double gamma) {
        requireNonNegative("MultiStepLR", "gamma", gamma);
        int[] m = milestones.clone();
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 0 || (i > 0 && m[i] < m[i - 1])) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be non-negative and increasing, got "
                        + java.util.Arrays.toString(milestones));
            }
        }
        return (t, base) -> {
            int passed = 0;
            while (passed < m.length && m[passed] <= t) passed++;
            return base * Math.pow(gamma, passed);
        };
    }
}
