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

    /** Core's Surefire executions simd-128, simd-256 and simd-512 set the property; it must take effect. */
    @Test
    void theWidthPropertySelectsTheLanes() {
        int bits = VectorProviders.parseBits(System.getProperty(VectorProviders.BITS_PROPERTY, ""));
        VectorProviders.panama().ifPresent(panama -> {
            if (bits != 0) {
                assertEquals(bits / Float.SIZE, panama.floatLanes(), "-D" + VectorProviders.BITS_PROPERTY + "=" + bits);
            } else {
                assertTrue(panama.floatLanes() >= 4, "preferred width: " + panama.floatLanes() + " lanes");
            }
        });
    }

    @Test
    void acceptsOnly128And256And512Bits() {
        assertEquals(128, VectorProviders.parseBits("128"));
        assertEquals(256, VectorProviders.parseBits(" 256 "));
        assertEquals(512, VectorProviders.parseBits("512"));
        for (String invalid : new String[] {"", "64", "1024", "300", "-256", "256bits", "wide"}) {
            assertEquals(0, VectorProviders.parseBits(invalid), invalid);
        }
        // Unset or invalid values fall back to the preferred width passed in.
        String before = System.getProperty(VectorProviders.BITS_PROPERTY);
        if (before == null) assertEquals(384, VectorProviders.vectorBits(384));
    }
}
