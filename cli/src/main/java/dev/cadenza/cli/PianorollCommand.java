package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import dev.cadenza.runtime.view.PianoRoll;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pianoroll", mixinStandardHelpOptions = true,
        header = "Draw a MIDI file as a piano-roll PNG.",
        description = "Draw a MIDI file as a piano-roll PNG that reads like a page: rows of 8 bars, one under the "
                + "other, every row the same width and pitch range, under a header with the file, its estimated key, "
                + "tempo, time signature and length. Time runs left to right, pitch bottom to top, darker notes are "
                + "louder, grey lines mark bars (from the file's time signatures, numbered under every row, with the "
                + "row's start in minutes and seconds) and faint bands mark every C (labelled on the left; C4 is "
                + "middle C).")
final class PianorollCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "The MIDI file to draw.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.png",
            description = "Where to write the picture. Default: IN with .png instead of .mid.")
    Path output;

    @Option(names = "--pixels-per-quarter", paramLabel = "N", defaultValue = "24",
            description = "Width of one quarter note in pixels (default: ${DEFAULT-VALUE}); very long pieces (more "
                    + "than " + PianoRoll.MAX_ROWS + " rows) get more bars per row at the same row width.")
    int pixelsPerQuarter;

    @Option(names = "--pixels-per-pitch", paramLabel = "N", defaultValue = "4",
            description = "Height of one semitone row in pixels (default: ${DEFAULT-VALUE}).")
    int pixelsPerPitch;

    @Option(names = "--beats-per-bar", paramLabel = "QUARTERS",
            description = "Quarter notes per bar for the bar lines, overriding the file's time signatures (default: "
                    + "the file's, or 4 where it has none; 3 draws 3/4).")
    Double beatsPerBar;

    @Option(names = "--bars-per-row", paramLabel = "N", defaultValue = "8",
            description = "Bars in each row of the picture (default: ${DEFAULT-VALUE}).")
    int barsPerRow;

    @Option(names = "--force", description = "Replace OUT.png if it exists (the input file itself is never replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PianoRoll.Style style;
        try {
            style = new PianoRoll.Style(pixelsPerQuarter, pixelsPerPitch, beatsPerBar != null ? beatsPerBar : 4, barsPerRow);
        } catch (IllegalArgumentException e) {
            throw new UserError("--pixels-per-quarter, --pixels-per-pitch, --beats-per-bar and --bars-per-row must be "
                    + "positive, and a row (pixels per quarter x beats x bars) at most 20,000 pixels wide");
        }
        Path target = output != null ? output : RenderCommand.withExtension(input, ".png");
        OutputGuard.check(input, target, force);
        Piece piece = new MidiReader().read(input);
        List<TimeSignature> meter = beatsPerBar != null ? List.of() : TimeSignature.read(input);
        PianoRoll.write(piece, target, style, meter);
        PianoRoll.Layout layout = PianoRoll.layout(piece, style, meter);
        spec.commandLine().getOut().printf("%s: %d notes drawn in %s, %d x %d pixels, written to %s%n", input,
                piece.notes().size(), dev.cadenza.runtime.io.Counted.of(layout.rows(), "row"), layout.width(),
                layout.height(), target);
        return 0;
    }
}
