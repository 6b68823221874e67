package dev.cadenza.cli;

import dev.cadenza.cli.bench.BenchCommand;
import dev.cadenza.app.CommandLines;
import dev.cadenza.app.GenerateCommand;
import dev.cadenza.server.app.LoadtestCommand;
import dev.cadenza.server.app.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./cadenza}: one subcommand per job. */
@Command(name = "cadenza",
        mixinStandardHelpOptions = true,
        version = "Cadenza 0.1.0",
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
                ServeCommand.class,
                LoadtestCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'cadenza COMMAND --help' for the options of a command."})
public final class CadenzaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
