package dev.cadenza.app;

import picocli.CommandLine;

/**
 * Entry point of the standalone generator jar ({@code java -jar cadenza-app-0.1.0-standalone.jar --help}): generation
 * alone, with no Deeplearning4j anywhere on the classpath.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    /** The standalone generator's command line, ready to {@code execute}: what {@link #main} runs. */
    public static CommandLine commandLine() {
        return CommandLines.of(new GenerateCommand());
    }

    public static void main(String[] args) {
        CommandLines.executeAndExit(commandLine(), args);
    }
}
