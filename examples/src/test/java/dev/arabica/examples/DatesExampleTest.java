package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.nn.train.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatesExampleTest {

    private static DatesExample run(ExamplesTestSupport.Capture out, String... args) {
        DatesExample example = new DatesExample();
        example.out = out.stream;
        TextExamplesSupport.run(example, 0, args);
        return example;
    }

    @Test
    void generatedDatesAreTheCoursesFormatsAndTheirIsoForm() {
        List<DateData.Pair> pairs = DateData.generate(3000, new Generator(7), Set.of());
        Set<String> shapes = new HashSet<>();
        for (DateData.Pair p : pairs) {
            LocalDate date = LocalDate.parse(p.iso());
            assertTrue(!date.isBefore(LocalDate.of(1970, 1, 1)) && !date.isAfter(LocalDate.of(2029, 12, 31)), p.toString());
            assertTrue(p.human().length() <= DateData.TX && p.human().matches("[a-z0-9 ./]+"), p.toString());
            String day = Integer.toString(date.getDayOfMonth()), year = Integer.toString(date.getYear());
            assertTrue(p.human().contains(day) && (p.human().contains(year) || p.human().contains(year.substring(2))), p.toString());
            shapes.add(p.human().replaceAll("[0-9]", "9").replaceAll("[a-z]+", "w"));
        }
        for (String shape : List.of("9 w 9999", "w 9 9999", "w w 9 9999", "9/9/99", "99/99/99", "99.99.99", "9 99 99", "w 99 w 9999")) {
            assertTrue(shapes.contains(shape), shape + " among " + shapes);
        }
        assertEquals(DateData.generate(50, new Generator(7), Set.of()), pairs.subList(0, 50), "seeded");

        long[] x = DateData.encodeHuman("Tuesday, 10 July 2007");
        assertEquals(DateData.TX, x.length);
        assertEquals("tuesday 10 july 2007", String.join("", DateData.humanTokens(x)));
        assertEquals(DateData.PAD, x[29]);
        assertEquals(DateData.UNK, DateData.encodeHuman("21th of august 2016!")[19]);
        assertEquals("2007-07-10", DateData.decodeMachine(DateData.dataset(List.of(new DateData.Pair("x", "2007-07-10"))).y().toLongArray()));

        List<DateData.Pair> heldOut = DateData.generate(500, new Generator(8), DateData.humans(pairs));
        for (DateData.Pair p : heldOut) assertTrue(!DateData.humans(pairs).contains(p.human()), p.toString());
    }

    @Test
    void smokeTrainsSavesAndDrawsTheAttention(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        DatesExample.Result r = run(out, "--train-size", "400", "--test-size", "100", "--epochs", "3", "--batch", "50", "--lr", "0.01",
                "--output", dir.toString(), "--progress", "NONE").result;
        List<Double> loss = r.history().get("loss"), dev = r.history().get("dev_loss");
        assertTrue(loss.get(2) < loss.get(0) && dev.get(2) < dev.get(0), "the loss falls: " + loss + ", held-out " + dev);
        String text = out.text();
        assertTrue(text.matches("(?s).*\\ntrain exact-match accuracy: [01]\\.\\d{3}\\ntest loss: \\d\\.\\d{4}\\n"
                + "test exact-match accuracy: [01]\\.\\d{3}\\n$"), text);
        assertTrue(text.matches("(?s).*\\n  3 May 1979 +-> [-0-9]{10}\\n.*"), text);
        TextExamplesSupport.png(r.plot(), 800);
        TextExamplesSupport.png(r.heatMap(), 110 + 30 * 26 + 110);
        ModelFiles.load(new DateTranslator(new Generator(3)), r.weights());
    }

    @Test
    void attentionWeightsAreADistributionOverTheInput() {
        DatesExample.Translation t = DatesExample.translate(new DateTranslator(new Generator(1)), "3 may 1979");
        assertEquals(10, t.iso().length());
        assertTrue(t.iso().matches("[-0-9]{10}"), t.iso());
        for (double[] row : t.attention()) {
            assertEquals(30, row.length);
            double sum = 0;
            for (double w : row) {
                assertTrue(w >= 0);
                sum += w;
            }
            assertEquals(1, sum, 1e-5);
        }
        DateTranslator model = new DateTranslator(new Generator(1));
        assertArrayEquals(new int[] {4 * 32, DateData.HUMAN_VOCAB}, model.stateDict().get("encoder.weight_ih_l0_reverse").shape());
        assertArrayEquals(new int[] {10, 64}, model.stateDict().get("attn_a.weight").shape());
        assertArrayEquals(new int[] {4 * 64, 64}, model.stateDict().get("post.weight_ih").shape());
    }

    /** The course's setting (10,000 dates, batch 100, Adam 0.005 with decay) reaches >= 95% exact match on held-out dates (slow-examples profile). */
    @Test
    @Tag("slow-examples")
    void reachesTheTargetAccuracy(@TempDir Path dir) {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        DatesExample.Result r = run(out, "--output", dir.toString(), "--progress", "LINES").result;
        System.out.printf("dates: train exact match %.3f, held-out %.3f%n", r.trainAccuracy(), r.testAccuracy());
        assertTrue(r.testAccuracy() >= 0.95, out.text());
    }
}
