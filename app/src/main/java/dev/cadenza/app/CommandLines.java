package dev.cadenza.app;

import dev.cadenza.runtime.onnx.OrtNativeCache;
import picocli.CommandLine;

/** Sets up a Cadenza command line the one way both entry points share: error handling, exit codes, enum values. */
public final class CommandLines {
    private CommandLines() {
    }

    /**
     * {@code command} (and its subcommands) with the shared {@link ErrorHandler}, {@link ExitCodes} in --help and
     * the build's version behind every {@code -V}.
     */
    public static CommandLine of(Object command) {
        ErrorHandler handler = new ErrorHandler();
        CommandLine cl = new CommandLine(command)
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler)
                .setCaseInsensitiveEnumValuesAllowed(true);
        everyCommand(cl);
        return cl;
    }

    /**
     * Runs {@code cl} and exits the JVM with its code. Commands may end with print() rather than println();
     * System.exit must not swallow what is still buffered.
     */
    public static void executeAndExit(CommandLine cl, String[] args) {
        OrtNativeCache.install(); // before ONNX Runtime's first use: its natives from ~/.cache, not a fresh temp copy
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** The exit codes and the version belong to every subcommand too, so that 'cadenza train -V' answers. */
    private static void everyCommand(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        cl.getCommandSpec().versionProvider(new VersionProvider());
        for (CommandLine sub : cl.getSubcommands().values()) everyCommand(sub);
    }
}
