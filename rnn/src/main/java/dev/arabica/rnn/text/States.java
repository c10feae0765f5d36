package dev.arabica.rnn.text;

import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Cutting a recurrent state from the graph between truncated-BPTT chunks: the values carry over,
 * the gradient stops ({@link Tensor#detach()}: same storage, no history, no grad).
 *
 * <pre>{@code
 * Tensor[] state = {h0, c0};
 * for (BpttBatches.Chunk chunk : batches) {
 *     state = States.detach(state);            // keep the values, forget the previous chunk's graph
 *     ... forward the chunk from state, loss.backward(), optimizer.step(), state = new state ...
 * }
 * }</pre>
 */
public final class States {
    private States() {}

    /** Detached views of the given tensors (null entries stay null). */
    public static Tensor[] detach(Tensor... states) {
        Tensor[] out = new Tensor[states.length];
        for (int i = 0; i < states.length; i++) out[i] = states[i] == null ? null : states[i].detach();
        return out;
    }

    /** Detached views of the given tensors, in order (null entries stay null). */
    public static List<Tensor> detach(List<Tensor> states) {
        List<Tensor> out = new ArrayList<>(states.size());
        for (Tensor t : states) out.add(t == null ? null : t.detach());
        return out;
    }
}
