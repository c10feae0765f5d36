package dev.arabica.rnn.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search (the course's version) for any {@link StepModel}: keeps the {@code beamWidth} most
 * probable partial outputs; at each step expands every live beam by every token and keeps the
 * best {@code beamWidth - finished} extensions by total log-probability. An extension that ends
 * with the end token is finished and leaves the beam (so the beam narrows); the search stops when
 * {@code beamWidth} outputs are finished, no beam is left, or {@code maxLength} tokens have been
 * generated (live beams then count as unfinished outputs). The outputs are ranked by the
 * {@link LengthPenalty} score of their log-probability and length.
 *
 * <p>Deterministic: ties between extensions go to the earlier beam, then the lower token.
 */
public final class BeamSearch {
    private BeamSearch() {}

    private record Beam<S>(int[] tokens, double logP, S state, int last) {}

    private record Candidate(int beam, int token, double logP) {}

    /**
     * @return up to {@code beamWidth} hypotheses, best score first
     * @throws IllegalArgumentException unless {@code beamWidth >= 1} and {@code maxLength >= 1}
     */
    public static <S> List<Hypothesis> search(StepModel<S> model, S initialState, int startToken, int endToken, int beamWidth,
                                              int maxLength, LengthPenalty penalty) {
        if (beamWidth < 1) throw new IllegalArgumentException("BeamSearch: beamWidth must be >= 1, got " + beamWidth);
        Decoding.checkLength(maxLength);
        List<Beam<S>> live = new ArrayList<>();
        live.add(new Beam<>(new int[0], 0, initialState, startToken));
        List<Hypothesis> done = new ArrayList<>();
        for (int t = 1; t <= maxLength && !live.isEmpty() && done.size() < beamWidth; t++) {
            int slots = beamWidth - done.size();
            List<Candidate> candidates = new ArrayList<>();
            List<S> nextStates = new ArrayList<>();
            for (int b = 0; b < live.size(); b++) {
                Beam<S> beam = live.get(b);
                StepModel.Step<S> step = model.step(beam.state(), beam.last());
                nextStates.add(step.state());
                double[] lp = Decoding.logSoftmax(Decoding.logits(step));
                for (int token : best(lp, slots)) candidates.add(new Candidate(b, token, beam.logP() + lp[token]));
            }
            candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.logP())
                    .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token));
            List<Beam<S>> next = new ArrayList<>();
            for (Candidate c : candidates.subList(0, Math.min(slots, candidates.size()))) {
                Beam<S> parent = live.get(c.beam());
                int[] tokens = Arrays.copyOf(parent.tokens(), t);
                tokens[t - 1] = c.token();
                if (c.token() == endToken) {
                    done.add(new Hypothesis(tokens, c.logP(), penalty.score(c.logP(), t), true));
                } else {
                    next.add(new Beam<>(tokens, c.logP(), nextStates.get(c.beam()), c.token()));
                }
            }
            live = next;
        }
        for (Beam<S> b : live) {
            if (done.size() >= beamWidth) break;
            done.add(new Hypothesis(b.tokens(), b.logP(), penalty.score(b.logP(), b.tokens().length), false));
        }
        List<Hypothesis> ranked = new ArrayList<>(done);
        ranked.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score())); // stable: ties keep finishing order
        return ranked;
    }

    /** The indices of the {@code k} largest values (ties: lower index first). */
    private static int[] best(double[] v, int k) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> v[a] != v[b] ? Double.compare(v[b], v[a]) : Integer.compare(a, b));
        int n = Math.min(k, v.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = order[i];
        return out;
    }
}
