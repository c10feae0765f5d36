package dev.arabica.nn;

import dev.arabica.core.Tensor;
import java.util.List;

/**
 * A chain of modules applied in order; the children are named {@code "0"}, {@code "1"}, ...
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(2, 16, true, gen), new ReLU(), new Linear(16, 2, true, gen));
 * }</pre>
 */
public class Sequential extends Module {
    private int size;

    /** A chain of {@code layers}, applied in the order given. */
    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** A chain of {@code layers}, applied in list order. */
    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer (named by its position); returns this. */
    public final Sequential add(Module layer) {
        registerModule(Integer.toString(size), layer);
        size++;
        return this;
    }

    /** The layer at {@code index} (negative counts from the end). */
    public final Module get(int index) {
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " out of range for " + size + " layers");
        }
        return namedChildren().get(Integer.toString(i));
    }

    /** Number of layers. */
    public final int size() {
        return size;
    }

    /** Every layer can be replaced with {@link #setSubmodule} (by its index, e.g. {@code "2"}). */
    @Override
    protected final boolean isReplaceable(String name) {
        return true;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : namedChildren().values()) x = m.forward(x);
        return x;
    }
}
