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
    }

    @Test
    void exampleHelpListsItsOptions() {
        String help = run(0, "cat", "--help");
        for (String option : new String[] {"--model=logreg|2layer|4layer", "--data=DIR", "--iterations=N", "--predict=IMAGE", "--output=DIR"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void badArgumentsGiveAUsageError() {
        String text = run(2, "cat", "--model", "8layer");
        assertTrue(text.contains("unknown model '8layer' (choose logreg, 2layer or 4layer)"), text);
        assertNotEquals(0, Main.commandLine().setErr(new PrintWriter(new StringWriter())).execute("nosuchexample"));
    }
}
