package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VectorProvidersTest {
    @Test
    void usesTheVectorApiExactlyWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean disabled = "false".equalsIgnoreCase(System.getProperty(VectorProviders.SIMD_PROPERTY));
        VectorProvider provider = VectorProviders.get();
        assertEquals(module && !disabled ? "panama" : "scalar", provider.name());
        assertEquals(module && !disabled, provider.gemmMicroKernel().isPresent());
        assertEquals(module, VectorProviders.panama().isPresent());
        assertTrue(provider.floatLanes() >= 1);
        assertEquals(1, VectorProviders.scalar().floatLanes());
    }
}
