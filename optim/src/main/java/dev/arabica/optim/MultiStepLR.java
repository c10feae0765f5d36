package dev.arabica.optim;

/**
 * Decays the learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}:
 * {@code lr_t = base_lr * gamma^(number of milestones <= t)} (a repeated milestone counts twice; the order of the milestones does not matter).
 */
public final class MultiStepLR extends LrScheduler {

    public MultiStepLR(Optimizer<?> optimizer, int[] milestones, double gamma) {
        super(optimizer, schedule(milestones, gamma));
    }

    private static Formula schedule(int[] milestones, double gamma) {
        requireNonNegative("MultiStepLR", "gamma", gamma);
        int[] m = milestones.clone();
        for (int v : m) {
            if (v < 0) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be non-negative, got "
                        + java.util.Arrays.toString(milestones));
            }
        }
        // Like PyTorch, only how many milestones are <= t matters, so their order does not.
        java.util.Arrays.sort(m);
        return (t, base) -> {
            int passed = 0;
            while (passed < m.length && m[passed] <= t) passed++;
            return base * Math.pow(gamma, passed);
        };
    }
}
