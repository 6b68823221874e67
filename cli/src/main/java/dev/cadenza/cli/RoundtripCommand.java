package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "roundtrip", mixinStandardHelpOptions = true,
        description = "Encode a MIDI file to tokens, decode them and write the result: hear what an encoding keeps.")
final class RoundtripCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A MIDI file.")
    Path file;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.mid", description = "Where to write the decoded MIDI file.")
    Path out;

    @Mixin
    EncodingOption encodingOption;

    @Override
    public Integer call() throws Exception {
        Encoding encoding = encodingOption.encoding();
        Piece piece = new MidiReader().read(file);
        List<String> tokens = encoding.encode(piece);
        Piece decoded = encoding.decode(piece.name(), tokens, piece.tempoBpm());
        new MidiWriter().write(decoded, out);
        System.out.printf("%s: %d notes -> %d tokens -> %d notes, %.1f s, written to %s%n", file, piece.notes().size(),
                tokens.size(), decoded.notes().size(), decoded.lengthSeconds(), out);
        return 0;
    }
}
