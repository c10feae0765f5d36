package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The samples of README.md, run (DocSamplesTest checks that the README quotes them verbatim). */
class DocSamplesReadmeTest {

    @Test
    void quickStartLearnsTheToyTask() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        Matcher m = Pattern.compile("training accuracy: ([0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, text);
    }

    /** A learnable toy problem: the label is the index of the largest of the first 10 inputs. */
    static TensorDataset toyData(Generator gen, int n) {
        Tensor x = Tensor.randn(gen, n, 784);
        return new TensorDataset(x, x.slice(1, 0, 10).argmax(1));
    }

    @Test
    void trainer() {
        Generator gen = new Generator(7);
        TensorDataset train = toyData(gen, 512), dev = toyData(gen, 128);
        Sequential model = new Sequential(new Linear(784, 64, gen), new ReLU(), new Linear(64, 10, gen));
        Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters()))
                .metrics(Metrics.accuracy());
        History history = trainer.fit(DataLoader.of(train).batchSize(64).shuffle(42), DataLoader.of(dev).batchSize(128), 5);
        // --- end of sample
        assertTrue(history.get("accuracy").get(4) > history.get("accuracy").get(0), history.asMap().toString());
    }
}
