package dev.cadenza.cli;

import dev.cadenza.app.options.EncodingOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        header = "Print the token stream of one MIDI file.",
        description = "Print the token stream of one MIDI file, one token per line.")
final class TokensCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A MIDI file.")
    Path file;

    @Mixin
    EncodingOption encodingOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        Piece piece = encodingOption.reader().read(file);
        piece.warnings().forEach(w -> err.println("warning " + w));
        StringBuilder text = new StringBuilder();
        for (String token : encodingOption.encoding().encode(piece)) text.append(token).append('\n');
        out.print(text);
        out.flush();
        return 0;
    }
}
