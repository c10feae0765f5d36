package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        assertEquals(expectedExit, cli.execute(args), err.toString());
        return out + err.toString();
    }

    @Test
    void helpListsTheExamples() {
        String help = run(0, "--help");
        assertTrue(help.contains("Usage: examples/run"), help);
        assertTrue(help.matches("(?s).*\\n  planar +The course's flower.*"), help);
        assertTrue(help.matches("(?s).*\\n  cat +Cat vs non-cat.*"), help);
        assertTrue(help.matches("(?s).*\\n  spark-fashion +Fashion-MNIST MLP trained data-parallel on Apache Spark\\.\\n.*"), help);
        assertTrue(help.contains("Without an example name it runs 'planar'"), help);
        for (String example : new String[] {"optimizers", "fashion", "gradcheck"}) {
            assertTrue(help.matches("(?s).*\\n  " + example + " +\\S.*"), example + " in\n" + help);
        }
    }

    @Test
    void everyExampleHasTheCommonOptions() {
        String[][] examples = {
            {"planar", "--iterations=N", "--lr=", "--seed=", "--sweep"},
            {"cat", "--data=DIR", "--epochs, --iterations=N", "--lr=", "--seed="},
            {"optimizers", "--epochs=", "--lr=", "--seed="},
            {"fashion", "--data=DIR", "--epochs=", "--lr=", "--seed=", "--model=mlp|lenet|both"},
            {"gradcheck", "--seed=", "--epsilon="},
        };
        for (String[] e : examples) {
            String help = run(0, e[0], "--help");
            for (int i = 1; i < e.length; i++) assertTrue(help.contains(e[i]), e[i] + " in\n" + help);
            for (String common : new String[] {"--output=DIR", "--threads=N", "--progress=MODE", "--help"}) {
                assertTrue(help.contains(common), common + " in\n" + help);
            }
        }
    }

    @Test
    void aMissingOrMalformedDataFileIsOneLineOnStandardError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        assertEquals(DataErrors.EXIT_CODE, cli.execute("cat", "--data", dir.toString(), "--output", dir.toString()));
        assertEquals("cat: " + dir.resolve("train_catvnoncat.h5") + ": not found (give the data folder with --data)\n",
                err.toString());

        java.nio.file.Files.writeString(dir.resolve("train_catvnoncat.h5"), "not HDF5");
        StringWriter err1 = new StringWriter();
        cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err1, true));
        assertEquals(DataErrors.EXIT_CODE, cli.execute("cat", "--data", dir.toString(), "--output", dir.toString()));
        assertTrue(err1.toString().startsWith("cat: " + dir.resolve("train_catvnoncat.h5") + ": cannot read the HDF5 data"), err1.toString());
        assertEquals(1, err1.toString().lines().count(), err1.toString());

        java.nio.file.Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3, 4, 5});
        java.nio.file.Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3, 4, 5});
        StringWriter err2 = new StringWriter();
        cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err2, true));
        assertEquals(DataErrors.EXIT_CODE, cli.execute("fashion", "--data", dir.toString(), "--output", dir.toString()));
        String line = err2.toString();
        assertTrue(line.startsWith("fashion: " + dir.resolve("train-images-idx3-ubyte.gz") + ": cannot read it as gzip-compressed IDX"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void exampleHelpListsItsOptions() {
        String help = run(0, "cat", "--help");
        for (String option : new String[] {"--model=logreg|2layer|4layer|cnn", "--data=DIR", "--iterations=N", "--predict=IMAGE", "--output=DIR"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void badArgumentsGiveAUsageError() {
        String text = run(2, "cat", "--model", "8layer");
        assertTrue(text.contains("unknown model '8layer' (choose logreg, 2layer, 4layer or cnn)"), text);
        assertNotEquals(0, Main.commandLine().setErr(new PrintWriter(new StringWriter())).execute("nosuchexample"));
    }
}
