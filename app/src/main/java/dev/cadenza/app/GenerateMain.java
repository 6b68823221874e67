package dev.cadenza.app;

import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import picocli.CommandLine;

/**
 * Entry point of the standalone runtime jar ({@code java -jar cadenza-app-0.1.0-standalone.jar --help}): generation
 * alone, with no Deeplearning4j anywhere on the classpath.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    /** The standalone generator's command line, ready to {@code execute}: what {@link #main} runs. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GenerateCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean user = ex instanceof ModelFileException || ex instanceof MidiFileException
                    || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException;
            cmd.getErr().println((user ? "error: " : "internal error: ") + ex.getMessage());
            if ("1".equals(System.getenv("CADENZA_DEBUG"))) ex.printStackTrace(cmd.getErr());
            return user ? 1 : 70;
        });
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush(); // nothing buffered may be lost to System.exit
        cl.getErr().flush();
        System.exit(code);
    }
}
