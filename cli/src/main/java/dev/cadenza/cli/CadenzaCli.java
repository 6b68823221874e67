package dev.cadenza.cli;

import dev.cadenza.app.ProgressBars;
import dev.cadenza.cli.bench.BenchCommand;
import dev.cadenza.app.CommandLines;
import dev.cadenza.app.GenerateCommand;
import dev.cadenza.app.VersionProvider;
import dev.cadenza.server.app.LoadtestCommand;
import dev.cadenza.server.app.ServeCommand;
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
                ScoreCommand.class,
                PlayCommand.class,
                EvaluateCommand.class,
                BenchCommand.class,
                ServeCommand.class,
                LoadtestCommand.class,
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class
        },
        footer = {"", "Run 'cadenza COMMAND --help' for the options of a command.",
                "On Apache Spark (local or a cluster): 'cadenza spark prepare' and 'cadenza spark generate' "
                        + "(./cadenza spark --help; docs/scale-out.md).",
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
        return CommandLines.of(new CadenzaCli());
    }

    public static void main(String[] args) {
        CommandLines.executeAndExit(commandLine(), args);
    }
}
