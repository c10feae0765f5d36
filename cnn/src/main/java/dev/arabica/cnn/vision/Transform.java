package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * One step of an image pipeline: maps an image {@code [C, H, W]} to a new image, drawing any random
 * choices from the given generator (torchvision's transforms, with the randomness made explicit).
 * With the same generator state, the same input gives the same output bit for bit.
 *
 * <pre>{@code
 * Transform train = Transform.compose(
 *         new RandomCrop(28, 28, 2), new RandomHorizontalFlip(0.5), new RandomAffine(10, 0.1, 0.1));
 * Tensor augmented = train.apply(image, gen);
 * DataLoader augmentedBatches = Augment.batches(DataLoader.of(data).batchSize(64).shuffle(seed), train, augmentSeed);
 * }</pre>
 *
 * <p>Implementations do not modify their input and return tensors without autograd history (except
 * {@link Normalize}, which is built from tensor ops). {@link Augment} applies a transform to each
 * image of a batch.
 */
@FunctionalInterface
public interface Transform {

    /** The transformed image; random choices come from {@code gen}. */
    Tensor apply(Tensor image, Generator gen);

    /** This transform, then {@code next}, drawing from the same generator. */
    default Transform andThen(Transform next) {
        return new Compose(this, next);
    }

    /** The transforms applied in order (see {@link Compose}). */
    static Transform compose(Transform... transforms) {
        return new Compose(transforms);
    }

    /** Draws {@code low + (high - low) * u}, {@code u} uniform in [0, 1); exactly one draw. */
    static double uniform(Generator gen, double low, double high) {
        return low + (high - low) * gen.nextDouble();
    }
}
