package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Applies transforms in order, each drawing its random choices from the same generator. */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    public Compose(Transform... transforms) {
        this(List.of(transforms));
    }

    /** @throws NullPointerException if a transform is null */
    public Compose(List<Transform> transforms) {
        List<Transform> flat = new ArrayList<>();
        for (Transform t : transforms) {
            Objects.requireNonNull(t, "Compose: a transform is null");
            if (t instanceof Compose c) flat.addAll(c.transforms);
            else flat.add(t);
        }
        this.transforms = List.copyOf(flat);
    }

    /** The transforms, nested compositions flattened (unmodifiable). */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        for (Transform t : transforms) image = t.apply(image, gen);
        return image;
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }
}
