package dev.arabica.core.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species that every {@code Panama*} class uses, chosen once per JVM: the width asked
 * for by {@code -Darabica.simd.bits} ({@link VectorProviders#BITS_PROPERTY}), else the CPU's
 * preferred width. Kernels copy it into their own {@code static final} field so that C2 sees a
 * constant species (the Vector API compiles to SIMD instructions only then).
 */
final class PanamaSpecies {
    /** Float vectors of the chosen width. */
    static final VectorSpecies<Float> FLOAT = choose();

    private PanamaSpecies() {}

    private static VectorSpecies<Float> choose() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return switch (VectorProviders.vectorBits(preferred)) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED; // e.g. 64 (no usable vector unit) or a wider SVE
        };
    }
}
