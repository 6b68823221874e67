package dev.cadenza.cli;

import dev.cadenza.app.options.EncodingOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "roundtrip", mixinStandardHelpOptions = true,
        header = "Encode and decode a MIDI file, to hear what an encoding keeps.",
        description = "Encode a MIDI file to tokens, decode them and write the result: hear what an encoding keeps.")
final class RoundtripCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A MIDI file.")
    Path file;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.mid", description = "Where to write the decoded MIDI file.")
    Path target;

    @Option(names = "--force", description = "Replace OUT.mid if it exists (the input file itself is never replaced).")
    boolean force;

    @Mixin
    EncodingOption encodingOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        Encoding encoding = encodingOption.encoding();
        OutputGuard.check(file, target, force);
        Piece piece = encodingOption.reader().read(file);
        List<String> tokens = encoding.encode(piece);
        Piece decoded = encoding.decode(piece.name(), tokens, piece.tempoBpm());
        new MidiWriter().write(decoded, target);
        out.printf("%s: %d notes -> %d tokens -> %d notes, %.1f s, written to %s%n", file, piece.notes().size(),
                tokens.size(), decoded.notes().size(), decoded.lengthSeconds(), target);
        return 0;
    }
}
