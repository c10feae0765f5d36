package dev.arabica.cnn.face;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Face verification and recognition with embeddings, as the course's {@code verify} and
 * {@code who_is_it}: two faces match when the Euclidean distance between their encodings is below a
 * threshold (course: 0.7).
 */
public final class FaceVerification {
    private FaceVerification() {}

    /** The result of {@link #identify}: the closest identity (null if the database is empty) and its distance. */
    public record Match(String identity, double distance, boolean recognized) {}

    /** {@code ||a - b||_2} of two encodings of equal shape (any rank, all elements). */
    public static double distance(Tensor a, Tensor b) {
        if (a.dtype() != DType.FLOAT32 || !Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("FaceVerification.distance: encodings must be float tensors of one shape, got "
                    + Shape.format(a.shape()) + " and " + Shape.format(b.shape()));
        }
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** True if {@code distance(encoding, reference) < threshold}. */
    public static boolean verify(Tensor encoding, Tensor reference, double threshold) {
        return distance(encoding, reference) < threshold;
    }

    /**
     * The database identity closest to {@code encoding} (ties: the first in iteration order), and
     * whether its distance is below {@code threshold}.
     */
    public static Match identify(Tensor encoding, Map<String, Tensor> database, double threshold) {
        Objects.requireNonNull(database, "database");
        String best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Tensor> e : database.entrySet()) {
            double d = distance(encoding, e.getValue());
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getKey();
            }
        }
        return new Match(best, bestDistance, best != null && bestDistance < threshold);
    }
}
