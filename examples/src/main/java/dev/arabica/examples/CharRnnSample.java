package dev.arabica.examples;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.SafeTensors;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.rnn.decoding.Decoding;
import dev.arabica.rnn.decoding.StepModel;
import dev.arabica.rnn.text.CharVocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code char-rnn sample}: text from saved char-rnn weights. The prime string is fed first; then
 * each character is drawn from {@code softmax(logits / temperature)} over the {@code top-k} most
 * likely characters and fed back ({@link Decoding#sample}).
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates text with weights saved by char-rnn (the architecture and vocabulary are read from the file).")
public final class CharRnnSample implements Callable<Integer> {

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights written by char-rnn (default: <output>/" + CharRnnExample.WEIGHTS + ").")
    Path weights;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder of the default weights file (default: examples/output in the project).")
    Path output;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to start from (default: a newline if the vocabulary has one).")
    String prime;

    @Option(names = "--length", defaultValue = "500", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Softmax temperature: lower is more conservative (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Draw only from the K most likely characters; 0 for all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    PrintStream out = System.out;

    /** The generated text without the prime (for tests). */
    String generated;

    @Override
    public Integer call() throws IOException {
        if (length < 1 || !(temperature > 0) || Double.isInfinite(temperature) || topK < 0) {
            throw new ParameterException(spec.commandLine(), "sample: --length and --temperature must be positive and --top-k >= 0");
        }
        Path file = weights != null ? weights
                : (output != null ? output : Main.projectRoot().resolve("examples/output")).resolve(CharRnnExample.WEIGHTS);
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file + ": not found (train with 'examples/run char-rnn' or give --weights)");
        var metadata = SafeTensors.readMetadata(file);
        CharRnnModel.Config config = CharRnnModel.Config.fromMetadata(file, metadata);
        CharVocabulary vocab = CharVocabulary.of(metadata.get("vocabulary"));
        CharRnnModel model = new CharRnnModel(config, new Generator(0));
        ModelFiles.load(model, file);
        String start = prime != null ? prime : defaultPrime(vocab, metadata.get("vocabulary"));
        if (start.isEmpty()) throw new ParameterException(spec.commandLine(), "sample: --prime must not be empty");
        for (int cp : start.codePoints().toArray()) {
            if (!vocab.contains(cp)) {
                throw new ParameterException(spec.commandLine(), "sample: the prime's character '" + Character.toString(cp)
                        + "' is not in the model's vocabulary of " + vocab.size() + " characters");
            }
        }
        generated = sample(model, vocab, start, length, temperature, topK, new Generator(seed));
        out.println(start + generated);
        return 0;
    }

    /** A newline if the vocabulary has one, else the first character of {@code text}. */
    static String defaultPrime(CharVocabulary vocab, String text) {
        return vocab.contains('\n') ? "\n" : Character.toString(text.codePointAt(0));
    }

    /**
     * {@code length} characters following {@code prime} (whose characters must be in {@code vocab}),
     * drawn with {@code generator}; the model runs in eval mode without gradients.
     */
    static String sample(CharRnnModel model, CharVocabulary vocab, String prime, int length, double temperature, int topK,
                         Generator generator) {
        int[] primed = vocab.encode(prime);
        boolean training = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            Tensor[] state = null;
            if (primed.length > 1) {
                long[] head = new long[primed.length - 1];
                for (int i = 0; i < head.length; i++) head[i] = primed[i];
                state = model.forward(Tensor.wrapLongs(head, 1, head.length), state).state();
            }
            int vocabSize = vocab.size();
            StepModel<Tensor[]> step = (s, token) -> {
                CharRnnModel.Output o = model.forward(Tensor.wrapLongs(new long[] {token}, 1, 1), s);
                return new StepModel.Step<>(o.logits().reshape(vocabSize), o.state());
            };
            int[] drawn = Decoding.sample(step, state, primed[primed.length - 1], -1, length, temperature, topK, generator).tokens();
            return vocab.decode(drawn);
        } finally {
            model.train(training);
        }
    }
}
