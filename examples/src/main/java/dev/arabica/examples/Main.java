package dev.arabica.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code examples/run}: {@code examples/run [example] [options]}. Without an example
 * name it runs {@code planar}; {@code --help} lists the examples.
 */
@Command(name = "examples/run", mixinStandardHelpOptions = true, version = "Arabica examples 0.1.0",
        subcommands = {PlanarExample.class, CatExample.class, OptimizersExample.class, FashionExample.class, GradCheckExample.class,
                SparkFashionExample.class, CharRnnExample.class, DinosExample.class, DatesExample.class, CommandLine.HelpCommand.class},
        description = {"Runs an Arabica example. Without an example name it runs 'planar'.",
                "Example options: examples/run <example> --help"},
        commandListHeading = "%nExamples:%n")
public final class Main implements Callable<Integer> {

    /** Runs the default example. */
    @Override
    public Integer call() {
        return commandLine().execute("planar");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args} and runs the example; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(DataErrors.HANDLER);
    }

    /**
     * The project's root directory: the system property {@code arabica.root} (set by
     * {@code examples/run}), else the working directory. Default data and output paths are
     * resolved against it.
     */
    static Path projectRoot() {
        return Path.of(System.getProperty("arabica.root", ".")).toAbsolutePath().normalize();
    }
}
