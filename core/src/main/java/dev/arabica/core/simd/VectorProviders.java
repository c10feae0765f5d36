package dev.arabica.core.simd;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link VectorProvider} once per JVM.
 *
 * <p>The Vector API implementation is used when the {@code jdk.incubator.vector} module is in the
 * boot layer ({@code java --add-modules jdk.incubator.vector ...}) and the system property
 * {@code arabica.simd} is not {@code false}. Otherwise the plain-Java provider runs; if the module
 * is missing, one warning says how to enable it.
 *
 * <p>System properties, read once when the provider is first used:
 * <ul>
 *   <li>{@code -Darabica.simd=false} ({@link #SIMD_PROPERTY}): the scalar kernels, even with the
 *       Vector API enabled.</li>
 *   <li>{@code -Darabica.simd.bits=128|256|512} ({@link #BITS_PROPERTY}): the width of the float
 *       vectors of every Vector API kernel. The default is the CPU's preferred width (512 on CPUs
 *       with AVX-512, 256 with AVX2, 128 on ARM NEON). A narrower width caps the kernels, for
 *       example {@code 256} on a CPU that lowers its clock while it runs AVX-512 code. A width
 *       wider than the CPU's still computes the same results, but the Vector API then emulates it
 *       in plain Java, many times slower (a warning says so). Any other value is ignored with one
 *       warning. The chosen width is logged and reported by {@link VectorProvider#floatLanes()}
 *       (lanes = bits / 32).</li>
 * </ul>
 * Matrix-matrix products ({@code Gemm}) and tensor sums give the same bits at every width; the
 * provider's own reductions ({@link VectorProvider#sum}, {@link VectorProvider#dot},
 * {@link VectorProvider#expShiftSum}) group their terms by lanes, so they may differ in the last bit
 * between widths. For one width, results are the same on every machine and for any thread count.
 */
public final class VectorProviders {
    /** System property: {@code -Darabica.simd=false} forces the scalar provider. */
    public static final String SIMD_PROPERTY = "arabica.simd";
    /** System property: {@code -Darabica.simd.bits=128|256|512} selects the float vector width. */
    public static final String BITS_PROPERTY = "arabica.simd.bits";
    /** The widths {@link #BITS_PROPERTY} accepts. */
    static final List<Integer> ACCEPTED_BITS = List.of(128, 256, 512);
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_CLASS = "dev.arabica.core.simd.PanamaVectorProvider";

    private static final Logger LOG = LoggerFactory.getLogger(VectorProviders.class);
    private static final VectorProvider SCALAR = new ScalarVectorProvider();

    private VectorProviders() {}

    private static final class Holder {
        static final VectorProvider INSTANCE = create();
    }

    /** The provider all kernels use; chosen (and logged) on first call. */
    public static VectorProvider get() {
        return Holder.INSTANCE;
    }

    /** The plain-Java provider, the reference semantics of every operation. */
    public static VectorProvider scalar() {
        return SCALAR;
    }

    private static VectorProvider create() {
        VectorProvider provider;
        if ("false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY, "true").trim())) {
            LOG.info("SIMD disabled by -D{}=false; using the scalar kernels", SIMD_PROPERTY);
            provider = SCALAR;
        } else if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            LOG.warn("The Java Vector API is not enabled, so Arabica runs its scalar kernels (several times "
                    + "slower). Start the JVM with --add-modules {} to use SIMD.", VECTOR_MODULE);
            provider = SCALAR;
        } else {
            provider = createPanama(true).orElse(SCALAR);
        }
        if (provider != SCALAR) {
            LOG.info("Arabica SIMD: Vector API with {}-bit float vectors ({} lanes), GEMM micro-tile {}",
                    provider.floatLanes() * Float.SIZE, provider.floatLanes(), provider.gemmMicroKernel()
                            .map(k -> k.mr() + "x" + k.nr()).orElse("none"));
        }
        return provider;
    }

    /**
     * The vector width in bits that {@link #BITS_PROPERTY} asks for, or {@code preferredBits} when
     * it is unset or invalid (then with one warning naming the value and the accepted ones). Warns
     * as well when the width is wider than the CPU's and will be emulated.
     */
    static int vectorBits(int preferredBits) {
        String value = System.getProperty(BITS_PROPERTY);
        if (value == null || value.isBlank()) return preferredBits;
        int bits = parseBits(value);
        if (bits == 0) {
            LOG.warn("Ignoring -D{}={}: the accepted values are {}; using this CPU's preferred width ({} bits)",
                    BITS_PROPERTY, value, ACCEPTED_BITS, preferredBits);
            return preferredBits;
        }
        if (bits > preferredBits) {
            LOG.warn("-D{}={} is wider than this CPU's {}-bit vectors: the Vector API emulates it, "
                    + "many times slower (results are unchanged)", BITS_PROPERTY, bits, preferredBits);
        }
        return bits;
    }

    /** {@code value} as one of {@link #ACCEPTED_BITS}, or 0 if it is not one of them. */
    static int parseBits(String value) {
        try {
            int bits = Integer.parseInt(value.trim());
            return ACCEPTED_BITS.contains(bits) ? bits : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A new Vector API provider, or empty if the module is not in the boot layer or the JVM cannot
     * run it. Ignores {@code -Darabica.simd}; for tests and benchmarks that compare providers.
     */
    static Optional<VectorProvider> panama() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) return Optional.empty();
        return createPanama(false);
    }

    private static Optional<VectorProvider> createPanama(boolean logFailure) {
        try {
            Class<?> type = Class.forName(PANAMA_CLASS);
            return Optional.of((VectorProvider) type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
            if (logFailure) {
                // InvocationTargetException wraps what the constructor threw (e.g. too few lanes).
                Throwable reason = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("The Java Vector API is present but unusable ({}); using the scalar kernels", reason.toString());
            }
            return Optional.empty();
        }
    }
}
