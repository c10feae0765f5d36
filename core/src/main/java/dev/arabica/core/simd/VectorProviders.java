package dev.arabica.core.simd;

import java.lang.reflect.InvocationTargetException;
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
 */
public final class VectorProviders {
    /** System property: {@code -Darabica.simd=false} forces the scalar provider. */
    public static final String SIMD_PROPERTY = "arabica.simd";
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
        LOG.debug("Arabica vector provider: {} ({} float lanes)", provider.name(), provider.floatLanes());
        return provider;
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
