package dev.arabica.nn;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Creates parameters: leaf float32 tensors that require grad and own their storage.
 *
 * <p>A parameter is a plain {@link Tensor}, not a wrapper type. {@code Tensor} is final, so a
 * {@code Parameter} class could only hold a tensor, and every layer, optimizer and gradient access
 * would have to unwrap it. With plain tensors, {@link Module#parameters()} is directly the
 * {@code List<Tensor>} an optimizer takes, and the tensor's own {@link Tensor#requiresGrad()} flag is
 * the single source of truth for freezing. What makes a tensor a parameter is its registration in a
 * module ({@link Module#registerParameter}), which gives it a name in the state dict.
 *
 * <pre>{@code
 * Tensor w = registerParameter("weight", Parameter.of(Tensor.randn(gen, out, in)));
 * }</pre>
 */
public final class Parameter {
    private Parameter() {}

    /**
     * A new parameter holding a copy of {@code init}'s values: contiguous, own storage, no history,
     * {@code requiresGrad = true}.
     *
     * @throws IllegalArgumentException if {@code init} is not float32
     */
    public static Tensor of(Tensor init) {
        if (init.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("Parameter.of: parameters must be float32, got " + init.dtype()
                    + " of shape " + Shape.format(init.shape()));
        }
        Tensor copy;
        try (var scope = GradMode.noGrad()) {
            copy = init.detach().clone();
        }
        return copy.requiresGrad_(true);
    }

    /** A zero-filled parameter of the given shape. */
    public static Tensor zeros(int... shape) {
        return Tensor.zeros(shape).requiresGrad_(true);
    }

    /** A one-filled parameter of the given shape. */
    public static Tensor ones(int... shape) {
        return Tensor.ones(shape).requiresGrad_(true);
    }
}
