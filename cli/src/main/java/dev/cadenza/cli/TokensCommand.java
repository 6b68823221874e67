package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Print the token stream of one MIDI file, one token per line.")
final class TokensCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A MIDI file.")
    Path file;

    @Mixin
    EncodingOption encodingOption;

    @Override
    public Integer call() throws Exception {
        Piece piece = new MidiReader().read(file);
        piece.warnings().forEach(w -> System.err.println("warning " + w));
        StringBuilder out = new StringBuilder();
        for (String token : encodingOption.encoding().encode(piece)) out.append(token).append('\n');
        System.out.print(out);
        return 0;
    }
}
