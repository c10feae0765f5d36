package dev.arabica.rnn.text;

import dev.arabica.core.Tensor;
import dev.arabica.rnn.Embedding;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Word vectors (GloVe, word2vec) with the course's operations: cosine similarity, analogies and the
 * debiasing steps of Bolukbasi et al. 2016 (neutralize, equalize). Words are case-sensitive and
 * kept as read. The vectors can become an {@link Embedding} ({@link #toEmbedding}), row {@code i}
 * for {@code words().get(i)}.
 *
 * <p>Vectors are float32 when stored; the arithmetic (dot products, norms, the debiasing formulas)
 * is done in double.
 */
public final class WordVectors {
    private final List<String> words;
    private final Map<String, Integer> index;
    private final int dim;
    private final float[] data; // [size, dim]

    private WordVectors(List<String> words, Map<String, Integer> index, int dim, float[] data) {
        this.words = words;
        this.index = index;
        this.dim = dim;
        this.data = data;
    }

    /** A word and its score (cosine similarity). */
    public record Scored(String word, double score) {}

    /**
     * Vectors given directly: {@code vectors[i]} for {@code words.get(i)}.
     *
     * @throws IllegalArgumentException on duplicate words or vectors of different lengths
     */
    public static WordVectors of(List<String> words, float[][] vectors) {
        if (words.size() != vectors.length) {
            throw new IllegalArgumentException("WordVectors: " + words.size() + " words but " + vectors.length + " vectors");
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        float[] data = new float[words.size() * dim];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException("WordVectors: vector of '" + words.get(i) + "' has " + vectors[i].length
                        + " values, expected " + dim);
            }
            if (index.put(words.get(i), i) != null) throw new IllegalArgumentException("WordVectors: duplicate word '" + words.get(i) + "'");
            System.arraycopy(vectors[i], 0, data, i * dim, dim);
        }
        return new WordVectors(List.copyOf(words), index, dim, data);
    }

    /**
     * Reads the text format of GloVe ({@code word v1 v2 ... vd} per line) or word2vec (the same,
     * after a header line {@code count dim}, which is recognised as a line of exactly two integers
     * and then checked against the file). UTF-8; fields separated by spaces or tabs; blank lines are
     * skipped; a word that occurs twice keeps its first vector (as gensim does).
     *
     * @throws IOException if the file cannot be read or a line is malformed (the message names the line)
     */
    public static WordVectors read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /** {@link #read(Path)} from a reader; {@code source} names it in error messages. */
    public static WordVectors read(BufferedReader reader, String source) throws IOException {
        List<String> words = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        FloatList values = new FloatList();
        int dim = -1, declaredCount = -1, lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            String s = line.strip();
            if (s.isEmpty()) continue;
            String[] parts = s.split("[ \t]+");
            if (words.isEmpty() && dim < 0 && declaredCount < 0 && parts.length == 2 && isInt(parts[0]) && isInt(parts[1])) {
                declaredCount = Integer.parseInt(parts[0]);
                dim = Integer.parseInt(parts[1]);
                continue;
            }
            if (dim < 0) dim = parts.length - 1;
            if (parts.length - 1 != dim || dim <= 0) {
                throw new IOException(source + ":" + lineNo + ": expected a word and " + dim + " numbers, got " + (parts.length - 1)
                        + " numbers");
            }
            if (index.containsKey(parts[0])) continue;
            index.put(parts[0], words.size());
            words.add(parts[0]);
            for (int j = 1; j <= dim; j++) {
                try {
                    values.add(Float.parseFloat(parts[j]));
                } catch (NumberFormatException e) {
                    throw new IOException(source + ":" + lineNo + ": '" + parts[j] + "' is not a number", e);
                }
            }
        }
        if (declaredCount >= 0 && declaredCount != words.size()) {
            throw new IOException(source + ": the header declares " + declaredCount + " words, the file has " + words.size());
        }
        return new WordVectors(Collections.unmodifiableList(words), index, Math.max(dim, 0), values.toArray());
    }

    private static boolean isInt(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    public int size() {
        return words.size();
    }

    public int dim() {
        return dim;
    }

    /** The words in row order (unmodifiable). */
    public List<String> words() {
        return words;
    }

    public boolean contains(String word) {
        return index.containsKey(word);
    }

    /** The row of {@code word}. @throws IllegalArgumentException if it is not in the vocabulary */
    public int indexOf(String word) {
        Integer i = index.get(word);
        if (i == null) throw new IllegalArgumentException("WordVectors: '" + word + "' is not in the vocabulary of " + size() + " words");
        return i;
    }

    /** A copy of the vector of {@code word}. */
    public float[] vector(String word) {
        int i = indexOf(word);
        return Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
    }

    /** Replaces the vector of {@code word} (e.g. with a debiased one). */
    public void setVector(String word, float[] vector) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("WordVectors: vector for '" + word + "' has " + vector.length + " values, expected " + dim);
        }
        System.arraycopy(vector, 0, data, indexOf(word) * dim, dim);
    }

    /** The matrix {@code [size, dim]} (a copy). */
    public Tensor weight() {
        return Tensor.of(data, size(), dim);
    }

    /** An {@link Embedding} holding these vectors; frozen ({@code requiresGrad false}) if {@code freeze}. */
    public Embedding toEmbedding(boolean freeze) {
        return Embedding.fromPretrained(weight(), freeze);
    }

    /** {@code u . v / (|u| |v|)}; 0 if either vector is zero (as the course's {@code cosine_similarity}). */
    public static double cosineSimilarity(float[] u, float[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("cosineSimilarity: vectors of lengths " + u.length + " and " + v.length);
        }
        double dot = 0, nu = 0, nv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * v[i];
            nu += (double) u[i] * u[i];
            nv += (double) v[i] * v[i];
        }
        return nu == 0 || nv == 0 ? 0 : dot / (Math.sqrt(nu) * Math.sqrt(nv));
    }

    /** Cosine similarity of two words' vectors. */
    public double similarity(String a, String b) {
        return cosineSimilarity(vector(a), vector(b));
    }

    /** The {@code k} words most similar to {@code v} (highest cosine first; ties by row order), skipping {@code exclude}. */
    public List<Scored> mostSimilar(float[] v, int k, Set<String> exclude) {
        List<Scored> all = new ArrayList<>();
        float[] row = new float[dim];
        for (int i = 0; i < size(); i++) {
            if (exclude.contains(words.get(i))) continue;
            System.arraycopy(data, i * dim, row, 0, dim);
            all.add(new Scored(words.get(i), cosineSimilarity(v, row)));
        }
        all.sort((x, y) -> Double.compare(y.score(), x.score())); // stable: ties keep row order
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /**
     * Solves "a is to b as c is to ?" as the course's {@code complete_analogy}: the word
     * {@code w} not among {@code a, b, c} that maximises {@code cos(e_b - e_a, e_w - e_c)}
     * (the first such word in row order on ties).
     */
    public String analogy(String a, String b, String c) {
        float[] ea = vector(a), eb = vector(b), ec = vector(c);
        float[] diff = new float[dim], cand = new float[dim];
        for (int j = 0; j < dim; j++) diff[j] = eb[j] - ea[j];
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size(); i++) {
            String w = words.get(i);
            if (w.equals(a) || w.equals(b) || w.equals(c)) continue;
            for (int j = 0; j < dim; j++) cand[j] = data[i * dim + j] - ec[j];
            double s = cosineSimilarity(diff, cand);
            if (s > bestScore) {
                bestScore = s;
                best = w;
            }
        }
        if (best == null) throw new IllegalArgumentException("WordVectors.analogy: no candidate word besides the three query words");
        return best;
    }

    /**
     * The course's {@code neutralize}: removes the component of {@code e} along the bias axis
     * {@code g}, {@code e - (e . g / |g|^2) g}, so that the result is orthogonal to {@code g}.
     */
    public static float[] neutralize(float[] e, float[] g) {
        if (e.length != g.length) throw new IllegalArgumentException("neutralize: vector of length " + e.length + ", axis of length " + g.length);
        double[] proj = project(toDouble(e), toDouble(g));
        float[] out = new float[e.length];
        for (int i = 0; i < e.length; i++) out[i] = (float) (e[i] - proj[i]);
        return out;
    }

    /**
     * The course's {@code equalize} for a pair such as ("actor", "actress"): makes the two vectors
     * differ only along the bias axis {@code g} and lie at equal distance from every neutralized word.
     * With {@code proj_g(x) = (x . g / |g|^2) g}:
     * <pre>
     *   mu = (e1 + e2) / 2,  mu_B = proj_g(mu),  mu_orth = mu - mu_B
     *   e_iB' = sqrt(|1 - |mu_orth|^2|) (proj_g(e_i) - mu_B) / |e_i - mu_orth - mu_B|
     *   e_i'  = e_iB' + mu_orth                                   (i = 1, 2)
     * </pre>
     * (the course's formula, including its denominator). Returns {@code {e1', e2'}}.
     */
    public static float[][] equalize(float[] e1, float[] e2, float[] g) {
        if (e1.length != e2.length || e1.length != g.length) {
            throw new IllegalArgumentException("equalize: vectors of lengths " + e1.length + ", " + e2.length + " and axis " + g.length);
        }
        double[] a = toDouble(e1), b = toDouble(e2), axis = toDouble(g);
        int n = a.length;
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) mu[i] = (a[i] + b[i]) / 2;
        double[] muB = project(mu, axis);
        double[] muOrth = new double[n];
        double muOrthSq = 0;
        for (int i = 0; i < n; i++) {
            muOrth[i] = mu[i] - muB[i];
            muOrthSq += muOrth[i] * muOrth[i];
        }
        double scale = Math.sqrt(Math.abs(1 - muOrthSq));
        float[][] out = new float[2][n];
        double[][] pair = {a, b};
        for (int k = 0; k < 2; k++) {
            double[] eB = project(pair[k], axis);
            double denom = 0;
            for (int i = 0; i < n; i++) {
                double d = pair[k][i] - muOrth[i] - muB[i];
                denom += d * d;
            }
            denom = Math.sqrt(denom);
            for (int i = 0; i < n; i++) out[k][i] = (float) (scale * (eB[i] - muB[i]) / denom + muOrth[i]);
        }
        return out;
    }

    private static double[] project(double[] e, double[] g) {
        double dot = 0, gg = 0;
        for (int i = 0; i < e.length; i++) {
            dot += e[i] * g[i];
            gg += g[i] * g[i];
        }
        if (gg == 0) throw new IllegalArgumentException("WordVectors: the bias axis is the zero vector");
        double[] out = new double[e.length];
        for (int i = 0; i < e.length; i++) out[i] = dot / gg * g[i];
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** A growable float array (avoids boxing millions of values while reading). */
    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
