package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.view.PianoRoll;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pianoroll", mixinStandardHelpOptions = true,
        header = "Draw a MIDI file as a piano-roll PNG.",
        description = "Draw a MIDI file as a piano-roll PNG: time runs left to right, pitch bottom to top, darker "
                + "notes are louder, grey lines mark bars and faint bands mark every C.")
final class PianorollCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "The MIDI file to draw.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.png",
            description = "Where to write the picture. Default: IN with .png instead of .mid.")
    Path output;

    @Option(names = "--pixels-per-quarter", paramLabel = "N", defaultValue = "16",
            description = "Width of one quarter note in pixels (default: ${DEFAULT-VALUE}); long pieces are squeezed "
                    + "to fit --max-width.")
    int pixelsPerQuarter;

    @Option(names = "--pixels-per-pitch", paramLabel = "N", defaultValue = "4",
            description = "Height of one semitone row in pixels (default: ${DEFAULT-VALUE}).")
    int pixelsPerPitch;

    @Option(names = "--beats-per-bar", paramLabel = "N", defaultValue = "4",
            description = "Quarter notes per bar, for the bar lines (default: ${DEFAULT-VALUE}, i.e. 4/4; use 3 for 3/4).")
    double beatsPerBar;

    @Option(names = "--max-width", paramLabel = "PIXELS", defaultValue = "16000",
            description = "Widest picture to draw (default: ${DEFAULT-VALUE}).")
    int maxWidth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PianoRoll.Style style;
        try {
            style = new PianoRoll.Style(pixelsPerQuarter, pixelsPerPitch, beatsPerBar, maxWidth);
        } catch (IllegalArgumentException e) {
            throw new UserError("--pixels-per-quarter, --pixels-per-pitch and --beats-per-bar must be positive, "
                    + "--max-width at least 16");
        }
        Piece piece = new MidiReader().read(input);
        Path target = output != null ? output : RenderCommand.withExtension(input, ".png");
        PianoRoll.write(piece, target, style);
        spec.commandLine().getOut().printf("%s: %d notes drawn, %d x %d pixels, written to %s%n", input,
                piece.notes().size(), PianoRoll.width(piece, style), PianoRoll.height(piece, style), target);
        return 0;
    }
}
