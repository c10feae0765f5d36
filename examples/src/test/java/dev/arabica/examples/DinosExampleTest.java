package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import dev.arabica.nn.train.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DinosExampleTest {

    private static DinosExample run(ExamplesTestSupport.Capture out, String... args) {
        DinosExample example = new DinosExample();
        example.out = out.stream;
        TextExamplesSupport.run(example, 0, args);
        return example;
    }

    @Test
    void smokeTrainsPrintsNamesAndSaves(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        DinosExample.Result r = run(out, "--data", TextExamplesSupport.text("dinos.txt").toString(), "--iterations", "1500",
                "--sample-every", "500", "--output", dir.toString(), "--progress", "NONE").result;
        String text = out.text();
        assertTrue(text.contains("Iteration: 0, Loss: 23.0"), text);  // 7 ln 27 = 23.07, then one smoothing step
        assertTrue(text.contains("Iteration: 1000, Loss: "), text);
        assertEquals(7, r.lastNames().size());
        for (String name : r.lastNames()) assertTrue(name.matches("[A-Z][a-z]*"), "a capitalised name: '" + name + "'");
        assertTrue(r.devLossPerChar() < Math.log(27) - 0.3, "dev loss per character falls well below ln 27: " + r.devLossPerChar());
        assertTrue(text.matches("(?s).*\\nloss: \\d+\\.\\d{3}\\ndev loss: \\d+\\.\\d{3}\\ndev loss per character: \\d\\.\\d{3}\\n$"), text);
        TextExamplesSupport.png(r.plot(), 800);
        ModelFiles.load(new DinosExample.NameRnn(27, 50, new NumpyRandom(3)), r.weights());
    }

    @Test
    void startsFromTheCoursesWeightsAndShuffle() {
        // np.random.seed(1); Wax = np.random.randn(50, 27) * 0.01
        DinosExample.NameRnn model = new DinosExample.NameRnn(27, 50, new NumpyRandom(1));
        Tensor wax = model.stateDict().get("rnn.weight_ih_l0");
        assertEquals((float) (1.6243453636632417 * 0.01), wax.get(0, 0));
        assertEquals(0f, model.stateDict().get("head.bias").get(0));
        // np.random.seed(0); x = list(range(10)); np.random.shuffle(x)
        List<Integer> list = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        DinosExample.shuffle(list, new NumpyRandom(0));
        assertEquals(List.of(2, 8, 4, 9, 1, 6, 7, 3, 0, 5), list);
        // np.random.choice(3, p=[0.2, 0.5, 0.3]) for draws 0.1, 0.2 (side='right'), 0.69, 0.71
        float[] p = {0.2f, 0.5f, 0.3f};
        assertEquals(0, DinosExample.choice(p, 0.1));
        assertEquals(1, DinosExample.choice(p, 0.2000001));
        assertEquals(1, DinosExample.choice(p, 0.69));
        assertEquals(2, DinosExample.choice(p, 0.71));
    }

    @Test
    void missingOrEmptyFileIsAOneLineError(@TempDir Path dir) throws IOException {
        String missing = TextExamplesSupport.runMain(1, "dinos", "--data", dir.resolve("nope.txt").toString());
        assertTrue(missing.startsWith("dinos: " + dir.resolve("nope.txt") + ": not found"), missing);
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "\n  \nrex\n");
        assertEquals("dinos: " + one + ": 1 names; expected one name per line\n",
                TextExamplesSupport.runMain(1, "dinos", "--data", one.toString()).replace("\r", ""));
    }

    /**
     * The course's full run, 35,000 iterations (about 10 s of CPU): the smoothed loss ends near the
     * notebook's 22-23 (this seeded run: 22.26) and the held-out names cost under 2.3 nats per
     * character (this run: 1.94; the bigram model's 2.14, see rnn's CharLstmTrainingTest).
     */
    @Test
    void fullCourseRun(@TempDir Path dir) {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        DinosExample.Result r = run(out, "--data", TextExamplesSupport.text("dinos.txt").toString(), "--output", dir.toString(),
                "--progress", "NONE").result;
        double last = r.smoothedLoss().get(r.smoothedLoss().size() - 1);
        System.out.printf("dinos: smoothed loss %.3f, dev loss per name %.3f, per character %.3f%n", last, r.devLoss(), r.devLossPerChar());
        assertTrue(last < 23, "the course ends near 22-23: " + last);
        assertTrue(r.devLossPerChar() < 2.3, "dev loss per character " + r.devLossPerChar());
    }
}
