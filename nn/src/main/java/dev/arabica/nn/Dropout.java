package dev.arabica.nn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * Inverted dropout: in training mode zeroes each element with probability {@code p} and scales the
 * rest by {@code 1 / (1 - p)}; the identity in eval mode. The masks come from the generator given
 * to the constructor (or the {@linkplain Generator#defaultGenerator() default generator}), so a
 * run is reproducible.
 */
public class Dropout extends Module {
    private final double p;
    private final Generator gen;

    /** As {@link #Dropout(double, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Dropout(double p) {
        this(p, Generator.defaultGenerator());
    }

    /**
     * @param p the probability of zeroing an element
     * @param gen the generator that draws the masks
     * @throws IllegalArgumentException unless {@code 0 <= p < 1}, or if {@code gen} is null
     */
    public Dropout(double p, Generator gen) {
        Functional.checkDropout(p);
        if (gen == null) throw new IllegalArgumentException("Dropout: generator must not be null");
        this.p = p;
        this.gen = gen;
    }

    /** The generator that draws the masks (its state belongs in a checkpoint for an exact resume). */
    public Generator generator() {
        return gen;
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), gen);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
