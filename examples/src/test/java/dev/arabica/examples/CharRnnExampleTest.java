package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.io.SafeTensors;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.rnn.text.CharVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharRnnExampleTest {

    /** A small, fast configuration on {@code data}; {@code extra} appended. */
    private static String[] args(Path data, Path output, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("--data", data.toString(), "--output", output.toString(), "--layers", "2",
                "--hidden", "24", "--embedding", "12", "--seq-len", "16", "--batch", "8", "--progress", "NONE"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static CharRnnExample train(ExamplesTestSupport.Capture out, String... args) {
        CharRnnExample example = new CharRnnExample();
        example.out = out.stream;
        TextExamplesSupport.run(example, 0, args);
        return example;
    }

    @Test
    void smokeTrainsSavesAndSamples(@TempDir Path dir) throws IOException {
        Path data = TextExamplesSupport.shakespeareSlice(dir, 20_000);
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        CharRnnExample.Result r = train(out, args(data, dir, "--steps", "90", "--lr", "1e-2", "--eval-every", "30", "--sample-every", "45",
                "--checkpoint-every", "45")).result;
        String text = out.text();
        List<Double> loss = r.history().get("loss"), val = r.history().get("val_loss");
        assertEquals(List.of(30.0, 60.0, 90.0), r.history().get("step"));
        assertTrue(loss.get(2) < loss.get(0) && val.get(2) < val.get(0), "the loss falls: " + loss + ", validation " + val);
        assertTrue(text.contains("---- sample at step 45 ----"), text);
        assertTrue(text.matches("(?s).*\\ntrain loss: \\d\\.\\d{3}\\nval loss: \\d\\.\\d{3}\\n$"), text);

        TextExamplesSupport.png(r.plot(), 800);
        Map<String, String> metadata = SafeTensors.readMetadata(r.weights());
        CharRnnModel.Config config = CharRnnModel.Config.fromMetadata(r.weights(), metadata);
        assertEquals(new CharRnnModel.Config(CharRnnModel.Cell.LSTM, CharVocabulary.of(Files.readString(data)).size(), 12, 24, 2), config);
        ModelFiles.load(new CharRnnModel(config, new Generator(5)), r.weights());
        assertTrue(val.get(2) < Math.log(config.vocab()) - 0.5, "well below the uniform guess: " + val);
        assertTrue(Files.isRegularFile(r.checkpoint()));

        CharRnnSample sample = new CharRnnSample();
        ExamplesTestSupport.Capture sampled = new ExamplesTestSupport.Capture();
        sample.out = sampled.stream;
        TextExamplesSupport.run(sample, 0, "--weights", r.weights().toString(), "--prime", "First", "--length", "120",
                "--temperature", "0.8", "--top-k", "10", "--seed", "3");
        assertEquals(120, sample.generated.codePointCount(0, sample.generated.length()));
        assertEquals("First" + sample.generated + "\n", sampled.text());
        CharVocabulary vocab = CharVocabulary.of(metadata.get("vocabulary"));
        sample.generated.codePoints().forEach(cp -> assertTrue(vocab.contains(cp)));
        // the same seed draws the same text
        CharRnnSample again = new CharRnnSample();
        again.out = new ExamplesTestSupport.Capture().stream;
        TextExamplesSupport.run(again, 0, "--weights", r.weights().toString(), "--prime", "First", "--length", "120", "--top-k", "10", "--seed", "3");
        assertEquals(sample.generated, again.generated);
    }

    /**
     * Training 2N steps straight and training N steps, stopping, and resuming for N more give the
     * same bits: weights, Adam state, carried state and curve. N = 7 on a text of 10 chunks per pass
     * crosses a pass boundary (the state reset) after the resume.
     */
    @Test
    void resumeIsBitIdenticalToAnUninterruptedRun(@TempDir Path dir) throws IOException {
        for (String cell : List.of("lstm", "gru")) {
            Path data = TextExamplesSupport.shakespeareSlice(dir, 1_500);
            Path straight = dir.resolve(cell + "-straight"), stopped = dir.resolve(cell + "-stopped");
            ExamplesTestSupport.Capture a = new ExamplesTestSupport.Capture(), b = new ExamplesTestSupport.Capture(),
                    c = new ExamplesTestSupport.Capture();
            String[] common = {"--cell", cell, "--eval-every", "3", "--checkpoint-every", "7", "--sample-every", "0", "--lr-decay-steps", "14"};
            CharRnnExample.Result full = train(a, args(data, straight, concat(common, "--steps", "14"))).result;
            assertTrue(a.text().contains("10 chunks per pass"), a.text());
            train(b, args(data, stopped, concat(common, "--steps", "7")));
            CharRnnExample.Result resumed = train(c, args(data, stopped, concat(common, "--steps", "14", "--resume"))).result;
            assertTrue(c.text().contains("resumed from " + stopped.resolve(CharRnnExample.CHECKPOINT) + " at step 7"), c.text());

            TextExamplesSupport.assertSameTensors(full.weights(), resumed.weights());
            TextExamplesSupport.assertSameTensors(full.checkpoint(), resumed.checkpoint());
            assertEquals(full.history().asMap(), resumed.history().asMap());
            assertEquals(tail(a.text()), tail(c.text()));
        }
        // a run with other weights differs (the comparison can fail)
        Path data = dir.resolve("slice-1500.txt");
        CharRnnExample.Result other = train(new ExamplesTestSupport.Capture(), args(data, dir.resolve("other"), "--steps", "14", "--seed", "2",
                "--eval-every", "7", "--sample-every", "0")).result;
        assertThrowsAssertion(() -> TextExamplesSupport.assertSameTensors(dir.resolve("lstm-straight").resolve(CharRnnExample.WEIGHTS), other.weights()));
    }

    @Test
    void fileProblemsAreOneLineErrors(@TempDir Path dir) throws IOException {
        String missing = TextExamplesSupport.runMain(1, "char-rnn", "--data", dir.resolve("nope.txt").toString(), "--output", dir.toString());
        assertEquals("char-rnn: " + dir.resolve("nope.txt") + ": not found (expected a UTF-8 text; give it with --data)\n", missing.replace("\r", ""));

        Path binary = dir.resolve("binary.txt");
        Files.write(binary, new byte[] {'a', 'b', (byte) 0xC3, (byte) 0x28, 'c'});
        String malformed = TextExamplesSupport.runMain(1, "char-rnn", "--data", binary.toString(), "--output", dir.toString());
        assertEquals("char-rnn: " + binary + ": not valid UTF-8 text (expected a UTF-8 text)\n", malformed.replace("\r", ""));

        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "abc");
        assertTrue(TextExamplesSupport.runMain(1, "char-rnn", "--data", tiny.toString(), "--output", dir.toString())
                .startsWith("char-rnn: " + tiny + ": 3 characters are too few"));

        String noCheckpoint = TextExamplesSupport.runMain(1, "char-rnn", "--data", TextExamplesSupport.shakespeareSlice(dir, 20_000).toString(),
                "--output", dir.resolve("empty").toString(), "--resume");
        assertTrue(noCheckpoint.startsWith("char-rnn: ") && noCheckpoint.contains("no checkpoint to resume from"), noCheckpoint);

        String noWeights = TextExamplesSupport.runMain(1, "char-rnn", "sample", "--weights", dir.resolve("none.safetensors").toString());
        assertTrue(noWeights.startsWith("sample: ") && noWeights.contains("not found"), noWeights);
        assertEquals(1, noWeights.strip().lines().count(), noWeights);
    }

    @Test
    void helpListsTheOptions() {
        java.io.StringWriter sw = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(sw, true));
        assertEquals(0, cli.execute("char-rnn", "--help"));
        for (String option : List.of("--data=FILE", "--cell=lstm|gru", "--layers", "--hidden", "--seq-len", "--batch", "--steps=N", "--lr",
                "--seed", "--threads=N", "--output=DIR", "--resume[=CHECKPOINT]", "--checkpoint-every=N", "sample")) {
            assertTrue(sw.toString().contains(option), option + " in\n" + sw);
        }
        java.io.StringWriter top = new java.io.StringWriter();
        Main.commandLine().setOut(new java.io.PrintWriter(top, true)).execute("--help");
        for (String name : List.of("char-rnn", "dinos", "dates")) assertTrue(top.toString().contains("\n  " + name + " "), name + " in\n" + top);
        assertNotEquals(0, Main.commandLine().setErr(new java.io.PrintWriter(new java.io.StringWriter())).execute("char-rnn", "--cell", "rnn"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The printed metric lines (the final two). */
    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(lines.size() - 2, lines.size()));
    }

    private static void assertThrowsAssertion(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, e);
    }
}
