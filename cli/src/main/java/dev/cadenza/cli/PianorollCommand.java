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
        description = "Draw a MIDI file as a piano-roll PNG: time runs left to right, pitch bottom to top, darker "
                + "notes are louder, grey lines mark bars (from the file's time signatures, numbered along the bottom) and "
                + "faint bands mark every C (labelled on the left; C4 is middle C).")
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

    @Option(names = "--beats-per-bar", paramLabel = "QUARTERS",
            description = "Quarter notes per bar for the bar lines, overriding the file's time signatures (default: "
                    + "the file's, or 4 where it has none; 3 draws 3/4).")
    Double beatsPerBar;

    @Option(names = "--max-width", paramLabel = "PIXELS", defaultValue = "16000",
            description = "Widest picture to draw (default: ${DEFAULT-VALUE}).")
    int maxWidth;

    @Option(names = "--force", description = "Replace OUT.png if it exists (the input file itself is never replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PianoRoll.Style style;
        try {
            style = new PianoRoll.Style(pixelsPerQuarter, pixelsPerPitch, beatsPerBar != null ? beatsPerBar : 4, maxWidth);
        } catch (IllegalArgumentException e) {
            throw new UserError("--pixels-per-quarter, --pixels-per-pitch and --beats-per-bar must be positive, "
                    + "--max-width at least " + (PianoRoll.LABEL_WIDTH + 16));
        }
        Path target = output != null ? output : RenderCommand.withExtension(input, ".png");
        OutputGuard.check(input, target, force);
        Piece piece = new MidiReader().read(input);
        List<TimeSignature> meter = beatsPerBar != null ? List.of() : TimeSignature.read(input);
        PianoRoll.write(piece, target, style, meter);
        spec.commandLine().getOut().printf("%s: %d notes drawn, %d x %d pixels, written to %s%n", input,
                piece.notes().size(), PianoRoll.width(piece, style), PianoRoll.height(piece, style), target);
        return 0;
    }
}
