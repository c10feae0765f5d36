package dev.arabica.cnn.vision;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.Seeds;
import java.util.Arrays;
import java.util.Objects;

/**
 * Applies a {@link Transform} to every image of a batch, for training with data augmentation.
 *
 * <pre>{@code
 * Transform t = Transform.compose(new RandomCrop(28, 28, 2), new RandomHorizontalFlip());
 * DataLoader train = Augment.batches(DataLoader.of(data).batchSize(64).shuffle(7), t, 11);  // data.x(): [N, 1, 28, 28]
 * trainer.fit(train, dev, epochs);
 * }</pre>
 *
 * <p>Reproducible: the images of a batch are transformed in order with one generator, and
 * {@link #batches} gives epoch {@code e} the generator {@link Seeds#generator(long, long)
 * Seeds.generator(seed, e)}, so epoch {@code e}'s augmented batches are a pure function of the
 * seeds and {@code e} (a resumed run sees the same images as an uninterrupted one).
 */
public final class Augment {
    private Augment() {}

    /** As {@link #batch(Tensor, Transform, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor batch(Tensor images, Transform transform) {
        return batch(images, transform, Generator.defaultGenerator());
    }

    /**
     * {@code [N, ...]} images, each transformed by {@code transform} with {@code gen} in order; the
     * transformed images must all have the same shape. The input is not modified.
     *
     * @throws IllegalArgumentException if {@code images} is not a float tensor of rank >= 3 or the
     *     transform gives images of different shapes
     */
    public static Tensor batch(Tensor images, Transform transform, Generator gen) {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(gen, "gen");
        int[] s = images.shape();
        if (images.dtype() != DType.FLOAT32 || s.length < 3) {
            throw new IllegalArgumentException("Augment.batch: expected float images [N, C, H, W] (or [N, H, W]), got "
                    + images.dtype() + " " + Shape.format(s));
        }
        Tensor x = images.detach();
        int n = s[0];
        float[] out = null;
        int[] itemShape = null;
        int per = 0;
        for (int i = 0; i < n; i++) {
            Tensor y = transform.apply(x.select(0, i), gen).detach().contiguous();
            if (out == null) {
                itemShape = y.shape();
                per = y.numel();
                out = new float[n * per];
            } else if (!Arrays.equals(itemShape, y.shape())) {
                throw new IllegalArgumentException("Augment.batch: the transform gave image 0 shape " + Shape.format(itemShape)
                        + " but image " + i + " shape " + Shape.format(y.shape()) + "; all images of a batch need one shape");
            }
            System.arraycopy(y.storage(), y.offset(), out, i * per, per);
        }
        if (out == null) return Tensor.zeros(s);
        int[] shape = new int[itemShape.length + 1];
        shape[0] = n;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        return Tensor.wrap(out, shape);
    }

    /**
     * {@code source} with each batch's inputs augmented by {@code transform} (targets unchanged),
     * through {@link DataLoader#transform(long, java.util.function.BiFunction)}: epoch {@code e}
     * draws from {@code Seeds.generator(seed, e)}, image by image in batch order.
     */
    public static DataLoader batches(DataLoader source, Transform transform, long seed) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transform, "transform");
        return source.transform(seed, (b, gen) -> new Batch(batch(b.x(), transform, gen), b.y()));
    }
}
