package dev.cadenza.cli;

import dev.cadenza.cli.bench.BenchCommand;
import dev.cadenza.runtime.app.ExitCodes;
import dev.cadenza.runtime.app.GenerateCommand;
import dev.cadenza.runtime.app.VersionProvider;
import dev.cadenza.runtime.onnx.OrtNativeCache;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code ./cadenza}: one subcommand per job. */
@Command(name = "cadenza",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Learn music from a folder of MIDI files with an LSTM, export it to ONNX, generate new pieces fast.",
        subcommands = {
                CorpusCommand.class,
                TokensCommand.class,
                RoundtripCommand.class,
                TrainCommand.class,
                ExportCommand.class,
                InspectCommand.class,
                GenerateCommand.class,
                RenderCommand.class,
                PianorollCommand.class,
                PlayCommand.class,
                EvaluateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class
        },
        footer = {"", "Run 'cadenza COMMAND --help' for the options of a command.",
                "Shell completion (bash, zsh): source <(./cadenza generate-completion)"})
public final class CadenzaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the libraries' log messages on stderr (DL4J, ND4J); twice (-vv) for debug detail.")
    void verbose(boolean[] flags) {
        System.setProperty(LOG_LEVEL, flags.length > 1 ? "debug" : "info");
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress bars and no log messages; results and errors are still printed.")
    void quiet(boolean quiet) {
        ProgressBars.quiet(quiet);
        if (quiet) System.setProperty(LOG_LEVEL, "off");
    }

    /** slf4j-simple's level, read when the first logger is made, i.e. after the options are parsed. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CadenzaCli())
                .setExecutionExceptionHandler(new UserErrorHandler())
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
        everyCommand(cl);
        return cl;
    }

    /** The version and the exit codes belong to every subcommand too, so that 'cadenza train -V' answers. */
    private static void everyCommand(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        spec.versionProvider(new VersionProvider());
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        for (CommandLine sub : cl.getSubcommands().values()) everyCommand(sub);
    }

    public static void main(String[] args) {
        OrtNativeCache.install(); // before ONNX Runtime's first use: its natives from ~/.cache, not a fresh temp copy
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        // Commands may end with print() rather than println(); System.exit must not swallow what is still buffered.
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
