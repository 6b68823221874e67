package dev.cadenza.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.app.UserError;

/**
 * The rule every command that writes one file follows: never replace the file it reads, and replace another existing
 * file only when the user said {@code --force}. Checked before any work, so a refused run costs nothing.
 */
final class OutputGuard {
    private OutputGuard() {
    }

    static void check(Path input, Path target, boolean force) throws IOException {
        if (!Files.exists(target)) return;
        // What these commands write is derived from the input and loses something (a round trip drops what the
        // encoding drops, a rendering is not MIDI at all): writing it over the input destroys the original.
        if (Files.exists(input) && Files.isSameFile(input, target)) {
            throw new UserError(target + ": is the input file; write to another file");
        }
        if (!force) throw new UserError(target + ": already exists (use --force to replace it)");
    }
}
