package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.golden.SharedFiles;
import dev.arabica.spark.Example;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SparkFashionExampleTest {

    static Path fashionData() {
        Path dir = SharedFiles.dataDir().resolve("fashion-mnist");
        SharedFiles.require(dir.resolve("train-images-idx3-ubyte.gz"), "Fashion-MNIST (set -Darabica.data.dir)");
        return dir;
    }

    @Test
    void rangesReadTheSameExamplesAsTheWholeFile() throws Exception {
        Path dir = fashionData();
        assertEquals(10_000, FashionMnist.count(dir, "t10k"));
        List<Example> all = FashionMnist.read(dir, "t10k", 0, 30), tail = FashionMnist.read(dir, "t10k", 17, 30);
        assertEquals(all.subList(17, 30), tail);
        var reference = dev.arabica.nn.data.Idx.readLongs(FashionMnist.labels(dir, "t10k")).toLongArray();
        for (int i = 0; i < 30; i++) assertEquals(reference[i], (long) all.get(i).target()[0]);
        float max = 0;
        for (float v : all.get(0).features()) max = Math.max(max, v);
        assertEquals(1f, max, 0.01f, "pixels scaled to [0, 1]");
    }

    @Test
    void smokeRunOnLocalSparkPrintsTheTestAccuracy() {
        Path dir = fashionData();
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        SparkFashionExample example = new SparkFashionExample();
        example.out = out.stream;
        int exit = new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true).execute("--master", "local[2]", "--data", dir.toString(),
                "--train-limit", "3000", "--test-limit", "1000", "--epochs", "1", "--batch-size", "100", "--hidden", "32");
        String text = out.text();
        assertEquals(0, exit, text);
        assertTrue(text.contains("spark-fashion: master local[2], 2 partitions, 784-32-10 MLP, batch 100, synchronous"), text);
        assertTrue(text.matches("(?s).*\\nepoch 1/1 .* loss \\d\\.\\d{4} accuracy 0\\.\\d{4}\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n30 steps in \\d+\\.\\d s of epochs \\(\\d+\\.\\d\\d steps/s, local\\[2\\]\\)\\n.*"), text);
        assertTrue(text.matches("(?s).*\\ntest accuracy: 0\\.\\d{4}\\n$"), text);
        assertTrue(example.result.testAccuracy() > 0.6, "test accuracy " + example.result.testAccuracy());
        assertEquals(30, example.result.steps());
    }
}
