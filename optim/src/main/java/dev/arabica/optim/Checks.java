package dev.arabica.optim;

import java.util.Map;

/** Validation helpers shared by the optimizers' {@code Options} records. */
final class Checks {
    private Checks() {}

    /** Reads a 0/1 flag written by {@link OptimizerOptions#toMap()}. */
    static boolean flag(String optimizer, String name, double value) {
        if (value == 0) return false;
        if (value == 1) return true;
        throw new IllegalArgumentException(optimizer + ": " + name + " must be 0 or 1 (a boolean), got " + value);
    }

    /** Reads the single value of {@code name} from a map written by {@link OptimizerOptions#toMap()}. */
    static double scalar(String optimizer, Map<String, double[]> values, String name) {
        double[] v = values.get(name);
        if (v == null) throw new IllegalArgumentException(optimizer + ": missing hyperparameter " + name);
        if (v.length != 1) {
            throw new IllegalArgumentException(optimizer + ": hyperparameter " + name + " has " + v.length
                    + " values, expected 1");
        }
        return v[0];
    }

    /** Fails unless {@code value >= 0} (NaN fails too). */
    static void nonNegative(String optimizer, String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be >= 0, got " + value);
        }
    }

    /** Fails unless {@code 0 <= value < 1}. */
    static void inUnitInterval(String optimizer, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + value);
        }
    }
}
