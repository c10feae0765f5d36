package dev.arabica.core;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse-mode engine and the extension point for new differentiable operations.
 *
 * <p>An operation computes its output without recording, then calls {@link #record} with its
 * inputs and a closure that maps the output gradient to input gradients. Gradients returned for a
 * broadcast input may have the broadcast shape; the engine sums them back to the input's shape (the
 * one place where that happens). Backward closures run with gradient recording disabled. They must
 * return freshly computed tensors or views of their gradient arguments, never a tensor that lives on
 * elsewhere (a saved input, a parameter): a fresh gradient may become a leaf's {@code grad} without
 * a copy and be updated in place by later backward passes.
 *
 * <pre>{@code
 * Tensor y = Tensor.of(...);                       // compute the forward value
 * Autograd.record(y, "myop", new Tensor[] {x}, g -> new Tensor[] {g.mul(2f)});
 * }</pre>
 *
 * <p>{@link #backward} walks the graph iteratively (dependency counts, no recursion), so graphs of
 * any depth backpropagate without exhausting the Java stack.
 */
public final class Autograd {
    private Autograd() {}

    /** Maps the gradient of a single output to gradients of the inputs (null entries = none). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    /** Maps gradients of several outputs (null = that output received none) to input gradients. */
    @FunctionalInterface
    public interface MultiBackward {
        Tensor[] apply(Tensor[] gradOutputs);
    }

    /** True if recording is enabled and any input requires grad. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad) return true;
        return false;
    }

    /**
     * Attaches {@code backward} to {@code output} if any input needs grad; returns {@code output}.
     * {@code inputs} must be in the order of the gradients {@code backward} returns.
     */
    public static Tensor record(Tensor output, String name, Tensor[] inputs, Backward backward) {
        if (needsGrad(inputs)) {
            output.gradFn = new Node(name, inputs, backward);
            output.outputIndex = 0;
            output.requiresGrad = true;
        }
        return output;
    }

    /** Multi-output version of {@link #record(Tensor, String, Tensor[], Backward)}. */
    public static Tensor[] record(Tensor[] outputs, String name, Tensor[] inputs, MultiBackward backward) {
        if (needsGrad(inputs)) {
            Node node = new Node(name, inputs, outputs.length, backward);
            for (int i = 0; i < outputs.length; i++) {
                if (outputs[i] == null) continue;
                outputs[i].gradFn = node;
                outputs[i].outputIndex = i;
                outputs[i].requiresGrad = outputs[i].dtype == DType.FLOAT32;
            }
        }
        return outputs;
    }

    /**
     * Backpropagates {@code grads} (one per root, each of its root's shape) through the graph and
     * accumulates into the {@code grad} of every leaf that requires grad. Unless {@code retainGraph},
     * the tensors saved for backward are freed.
     */
    public static void backward(List<Tensor> roots, List<Tensor> grads, boolean retainGraph) {
        if (roots.size() != grads.size()) {
            throw new IllegalArgumentException("backward: " + roots.size() + " outputs but " + grads.size() + " gradients");
        }
        try (var scope = GradMode.noGrad()) {
            run(roots, grads, retainGraph);
        }
    }

    private static void run(List<Tensor> roots, List<Tensor> grads, boolean retainGraph) {
        // 1. Discover the graph reachable from the roots and count, for each node, the edges that
        //    will deliver a gradient to it.
        // Insertion-ordered (Node has identity equality), so the first ready nodes come in the order
        // of the roots and a backward from several roots is reproducible.
        Map<Node, int[]> dependencies = new LinkedHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (int r = 0; r < roots.size(); r++) {
            Tensor root = roots.get(r);
            Tensor g = grads.get(r);
            if (!root.requiresGrad) {
                throw new IllegalStateException("backward: output " + r + " of shape " + Shape.format(root.shape)
                        + " does not require grad (no input requires grad, or it was computed under GradMode.noGrad())");
            }
            if (g == null || !java.util.Arrays.equals(g.shape, root.shape)) {
                throw new IllegalArgumentException("backward: upstream gradient of shape "
                        + (g == null ? "null" : Shape.format(g.shape)) + " does not match output of shape "
                        + Shape.format(root.shape));
            }
            if (root.gradFn != null && !dependencies.containsKey(root.gradFn)) {
                dependencies.put(root.gradFn, new int[1]);
                stack.push(root.gradFn);
            }
        }
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            for (Tensor in : node.inputs) {
                if (in == null || in.gradFn == null) continue;
                int[] count = dependencies.get(in.gradFn);
                if (count == null) {
                    dependencies.put(in.gradFn, new int[] {1});
                    stack.push(in.gradFn);
                } else {
                    count[0]++;
                }
            }
        }

        // 2. Seed the gradient buffers of the roots. Storage that callers own (the upstream
        //    gradients) is never taken over by a leaf's grad.
        Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        Ownership owned = new Ownership();
        for (Tensor g : grads) owned.claim(g);
        for (int r = 0; r < roots.size(); r++) {
            Tensor root = roots.get(r);
            Tensor g = grads.get(r);
            if (root.gradFn == null) {
                accumulateLeaf(root, g, owned);
            } else {
                accumulate(buffers, root.gradFn, root.outputIndex, g);
            }
        }

        // 3. Process nodes whose every consumer has delivered its gradient.
        ArrayDeque<Node> ready = new ArrayDeque<>();
        for (Map.Entry<Node, int[]> e : dependencies.entrySet()) {
            if (e.getValue()[0] == 0) ready.add(e.getKey());
        }
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            Tensor[] gradOutputs = buffers.remove(node);
            Tensor[] inputGrads = null;
            if (gradOutputs != null) {
                inputGrads = node.apply(gradOutputs);
            }
            if (!retainGraph) node.release();
            for (int i = 0; i < node.inputs.length; i++) {
                Tensor in = node.inputs[i];
                if (in == null) continue;
                Tensor g = inputGrads == null ? null : inputGrads[i];
                if (g != null && in.requiresGrad) {
                    g = reduceToShape(node, g, in.shape);
                    if (in.gradFn == null) accumulateLeaf(in, g, owned);
                    else accumulate(buffers, in.gradFn, in.outputIndex, g);
                }
                if (in.gradFn != null) {
                    int[] count = dependencies.get(in.gradFn);
                    if (--count[0] == 0) ready.add(in.gradFn);
                }
            }
        }
    }

    private static void accumulate(Map<Node, Tensor[]> buffers, Node node, int index, Tensor g) {
        Tensor[] buf = buffers.computeIfAbsent(node, n -> new Tensor[n.numOutputs]);
        buf[index] = buf[index] == null ? g : buf[index].add(g);
    }

    /**
     * Tracks, during one backward pass, which storage arrays are spoken for, so that a freshly
     * computed gradient can become a leaf's {@code grad} without a copy while storage that is shared
     * (the caller's upstream gradient, a gradient handed to two leaves) is always copied; and which
     * leaves hold such adopted storage, so that a second contribution in the same pass is added out
     * of place (another pending gradient may still read that storage).
     */
    private static final class Ownership {
        private final java.util.Set<Object> storages = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final java.util.Set<Tensor> adopted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        void claim(Tensor t) {
            storages.add(t.data != null ? t.data : t.ldata);
        }

        /** True if g owns its whole storage and nobody has claimed it; claims it. */
        boolean adopt(Tensor g) {
            if (g.dtype != DType.FLOAT32 || g.offset != 0 || g.data.length != g.numel() || !g.isContiguous()) return false;
            return storages.add(g.data);
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g, Ownership owned) {
        if (!leaf.requiresGrad) return;
        if (leaf.grad == null) {
            if (owned.adopt(g)) {
                leaf.grad = new Tensor(g.data, leaf.shape.clone(), Shape.contiguousStrides(leaf.shape), 0);
                owned.adopted.add(leaf);
            } else {
                leaf.grad = ShapeOps.copyOf(g.dtype == DType.FLOAT32 ? g : g.toFloat());
                owned.claim(leaf.grad);
            }
        } else if (owned.adopted.remove(leaf)) {
            leaf.grad = leaf.grad.add(g);
            owned.claim(leaf.grad);
        } else {
            InPlaceOps.addScaled(leaf.grad, g, 1f);
        }
    }

    private static Tensor reduceToShape(Node node, Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape, shape)) return g;
        try {
            return ReductionOps.sumToShape(g, shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("backward of '" + node.name + "' produced a gradient of shape "
                    + Shape.format(g.shape) + " for an input of shape " + Shape.format(shape), e);
        }
    }
}
