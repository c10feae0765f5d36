package dev.arabica.optim;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Drives the learning rate of every param group of an optimizer from a closed-form
 * {@link Formula}, like {@code torch.optim.lr_scheduler}:
 * <pre>{@code
 * var scheduler = new CosineAnnealingLR(optimizer, 100, 1e-4);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(optimizer);          // every optimizer.step() of this epoch uses scheduler.lastLr()
 *     scheduler.step();
 * }
 * }</pre>
 *
 * <p>The constructor records each group's current learning rate as its base and sets the rate of
 * epoch 0; each {@link #step()} advances the epoch by one and sets the new rate. Call it once per
 * epoch or once per iteration; the rate used by the {@code t}-th optimizer step is the one read
 * before the {@code t}-th call of {@link #step()}. Rates are computed in double from the closed
 * form, never by multiplying the previous rate, so they do not drift.
 *
 * <p>The subclasses are PyTorch's schedulers ({@link StepLR}, {@link CosineAnnealingLR}, ...); any
 * other schedule is a {@link Formula} (PyTorch's {@code LambdaLR} with the base rate passed in):
 * {@code new LrScheduler(optimizer, (epoch, baseLr) -> baseLr / (epoch + 1))}.
 */
public class LrScheduler {
    /** A learning-rate schedule in closed form: the learning rate at an epoch, given the base one. */
    @FunctionalInterface
    public interface Formula {

        /**
         * @param epoch the number of {@link LrScheduler#step()} calls so far (0 before the first)
         * @param baseLr the group's learning rate when the scheduler was created
         */
        double lr(long epoch, double baseLr);
    }

    private final Optimizer<?> optimizer;
    private final Formula schedule;
    private final double[] baseLrs;
    private final double[] lastLrs;
    private long epoch;

    /** A scheduler setting {@code lr = schedule.lr(epoch, baseLr)} for each group. */
    public LrScheduler(Optimizer<?> optimizer, Formula schedule) {
        this(optimizer, schedule, currentLrs(optimizer));
    }

    /** A scheduler with explicit base learning rates, one per param group. */
    protected LrScheduler(Optimizer<?> optimizer, Formula schedule, double[] baseLrs) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (baseLrs.length != optimizer.groupCount()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + baseLrs.length
                    + " base learning rates for " + optimizer.groupCount() + " param groups");
        }
        this.baseLrs = baseLrs.clone();
        this.lastLrs = new double[baseLrs.length];
        apply();
    }

    private static double[] currentLrs(Optimizer<?> optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        double[] lrs = new double[optimizer.groupCount()];
        for (int g = 0; g < lrs.length; g++) lrs[g] = optimizer.lr(g);
        return lrs;
    }

    /** The closed form: the learning rate at {@code epoch} for a group whose base rate is {@code baseLr}. */
    public double lrAt(long epoch, double baseLr) {
        return schedule.lr(epoch, baseLr);
    }

    /** Advances one epoch (or iteration) and sets the optimizer's learning rates for it. */
    public void step() {
        epoch++;
        apply();
    }

    private void apply() {
        for (int g = 0; g < baseLrs.length; g++) {
            double lr = schedule.lr(epoch, baseLrs[g]);
            optimizer.setLr(g, lr);
            lastLrs[g] = lr;
        }
    }

    /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
    public long epoch() {
        return epoch;
    }

    /** The learning rate this scheduler last set for group 0 (PyTorch's {@code get_last_lr()[0]}). */
    public double lastLr() {
        return lastLrs[0];
    }

    /** The learning rates this scheduler last set, one per group. */
    public double[] lastLrs() {
        return lastLrs.clone();
    }

    /** The optimizer's current learning rate of group 0: what its next step uses. */
    public double currentLr() {
        return optimizer.lr();
    }

    /** The base learning rates, one per group. */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /**
     * The scheduler's position: {@code last_epoch} (int64 0-d) and {@code base_lrs} (float32, one per
     * param group). The schedule's own settings (gamma, T_max, ...) are constructor arguments and
     * are not stored.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.ofLongs(new long[] {epoch}));
        float[] f = new float[baseLrs.length];
        for (int g = 0; g < f.length; g++) f[g] = (float) baseLrs[g];
        out.put("base_lrs", Tensor.of(f));
        return out;
    }

    /**
     * Restores a position written by {@link #stateDict()} and sets the optimizer's learning rates for
     * it (call it after {@link Optimizer#loadStateDict}). A stored base rate that equals this
     * scheduler's rounded to float keeps this scheduler's double value.
     *
     * @throws IllegalArgumentException for a missing or unexpected key or a wrong shape or dtype
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        String where = getClass().getSimpleName() + ".loadStateDict: ";
        for (String key : dict.keySet()) {
            if (!key.equals("last_epoch") && !key.equals("base_lrs")) {
                throw new IllegalArgumentException(where + "unexpected key '" + key + "' (keys: last_epoch, base_lrs)");
            }
        }
        Tensor last = dict.get("last_epoch"), base = dict.get("base_lrs");
        if (last == null) throw new IllegalArgumentException(where + "missing key 'last_epoch'");
        if (base == null) throw new IllegalArgumentException(where + "missing key 'base_lrs'");
        if (last.dtype() != DType.INT64 || last.dim() != 0 || last.getLong() < 0) {
            throw new IllegalArgumentException(where + "'last_epoch' must be a non-negative int64 0-d tensor, got " + last);
        }
        if (base.dtype() != DType.FLOAT32 || !Arrays.equals(base.shape(), new int[] {baseLrs.length})) {
            throw new IllegalArgumentException(where + "'base_lrs' is " + base.dtype() + " of shape "
                    + Arrays.toString(base.shape()) + ", expected float32 of shape [" + baseLrs.length + "] (one per param group)");
        }
        float[] stored = base.toFloatArray();
        for (int g = 0; g < baseLrs.length; g++) {
            if (Float.compare(stored[g], (float) baseLrs[g]) != 0) baseLrs[g] = stored[g];
        }
        epoch = last.getLong();
        apply();
    }

    static void requirePositive(String scheduler, String name, long value) {
        if (value < 1) throw new IllegalArgumentException(scheduler + ": " + name + " must be >= 1, got " + value);
    }

    static void requireNonNegative(String scheduler, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(scheduler + ": " + name + " must be finite and >= 0, got " + value);
        }
    }
}
