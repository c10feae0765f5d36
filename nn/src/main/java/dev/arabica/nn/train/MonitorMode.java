package dev.arabica.nn.train;

/** Whether a monitored quantity improves by going down or up. */
public enum MonitorMode {
    MIN,
    MAX,
    /** {@link #MIN} for names containing {@code loss}, {@link #MAX} otherwise. */
    AUTO;

    /** This mode with {@link #AUTO} resolved for {@code monitor}. */
    public MonitorMode resolve(String monitor) {
        if (this != AUTO) return this;
        return monitor.contains("loss") ? MIN : MAX;
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta} (a NaN never does; anything beats NaN). */
    boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return this == MIN ? value < best - minDelta : value > best + minDelta;
    }
}
