package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cadenza.app.score.MusicXmlWriter;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Write a MIDI file as sheet music (MusicXML).",
        description = "Write a MIDI file as a MusicXML piano score that MuseScore and other notation programs open: "
                + "two staves (middle C and above on the treble staff), the estimated key, the file's first time "
                + "signature (4/4 when it has none), notes on a grid of 12 steps per quarter note (sixteenths and "
                + "triplets exact), ties across bar lines, and dynamics (pp to ff) from the notes' velocities.")
final class ScoreCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "The MIDI file to write out as a score.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.musicxml",
            description = "Where to write the score. Default: IN with .musicxml instead of .mid.")
    Path output;

    @Option(names = "--force", description = "Replace OUT.musicxml if it exists (the input file itself is never replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = output != null ? output : RenderCommand.withExtension(input, ".musicxml");
        OutputGuard.check(input, target, force);
        Piece piece = new MidiReader().read(input); // one-line errors for files that are not MIDI
        List<TimeSignature> meter = TimeSignature.read(input);
        MusicXmlWriter.write(piece, target, meter);
        spec.commandLine().getOut().printf("%s: %d notes written as a score to %s%n", input, piece.notes().size(), target);
        return 0;
    }
}
