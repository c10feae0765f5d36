package dev.arabica.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;

/**
 * How {@code examples/run} reports a problem with a file (missing, unreadable, malformed data,
 * weights that do not fit): one line {@code <example>: <message>} on standard error and exit code
 * 1, without a stack trace. An example signals such a problem with an {@link IOException} (or
 * {@link UncheckedIOException}) whose message names the file; any other exception is a bug and
 * keeps its stack trace.
 */
final class DataErrors {
    private DataErrors() {}

    /** Exit code of a file problem. */
    static final int EXIT_CODE = 1;

    static final IExecutionExceptionHandler HANDLER = (ex, cmd, parseResult) -> {
        Throwable problem = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (!(problem instanceof IOException)) throw ex;
        cmd.getErr().println(cmd.getCommandName() + ": " + problem.getMessage());
        cmd.getErr().flush();
        return EXIT_CODE;
    };

    /** {@code new CommandLine(command)} with this handler (for tests that run one example directly). */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(HANDLER);
    }
}
