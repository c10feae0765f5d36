package dev.arabica.core;

/**
 * A recorded operation in the autograd graph: its differentiable inputs and how to turn the
 * gradients of its outputs into gradients of its inputs. Created through {@link Autograd#record}.
 */
final class Node {
    final String name;
    final Tensor[] inputs;
    final int numOutputs;
    private Autograd.Backward single;
    private Autograd.MultiBackward multi;

    Node(String name, Tensor[] inputs, Autograd.Backward single) {
        this.name = name;
        this.inputs = inputs;
        this.numOutputs = 1;
        this.single = single;
    }

    Node(String name, Tensor[] inputs, int numOutputs, Autograd.MultiBackward multi) {
        this.name = name;
        this.inputs = inputs;
        this.numOutputs = numOutputs;
        this.multi = multi;
    }

    String name() {
        return name;
    }

    /** Gradients for each input (entries may be null: no gradient). */
    Tensor[] apply(Tensor[] gradOutputs) {
        if (single == null && multi == null) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time (at '" + name
                    + "'); its saved tensors were freed after the first backward. Pass retainGraph=true to the first call.");
        }
        Tensor[] grads = single != null ? single.apply(gradOutputs[0]) : multi.apply(gradOutputs);
        if (grads.length != inputs.length) {
            throw new IllegalStateException("backward of '" + name + "' returned " + grads.length + " gradients for "
                    + inputs.length + " inputs");
        }
        return grads;
    }

    /** Drops the closure and with it every tensor saved for backward. */
    void release() {
        single = null;
        multi = null;
    }
}
