package dev.cadenza.app;

import picocli.CommandLine;

/** Sets up a Cadenza command line the one way both entry points share: error handling, exit codes, enum values. */
public final class CommandLines {
    private CommandLines() {
    }

    /** {@code command} (and its subcommands) with the shared {@link ErrorHandler} and {@link ExitCodes} in --help. */
    public static CommandLine of(Object command) {
        ErrorHandler handler = new ErrorHandler();
        CommandLine cl = new CommandLine(command)
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler)
                .setCaseInsensitiveEnumValuesAllowed(true);
        listExitCodes(cl);
        return cl;
    }

    /**
     * Runs {@code cl} and exits the JVM with its code. Commands may end with print() rather than println();
     * System.exit must not swallow what is still buffered.
     */
    public static void executeAndExit(CommandLine cl, String[] args) {
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        for (CommandLine sub : cl.getSubcommands().values()) listExitCodes(sub);
    }
}
