package dev.cadenza.cli;

import java.io.IOException;
import java.nio.file.Path;

import dev.cadenza.runtime.io.AtomicFiles;
import picocli.AutoComplete;

/**
 * Writes the bash/zsh completion script for {@code ./cadenza} at build time (cli/target/cadenza-completion.bash), so
 * that a shell sources a file instead of starting a JVM ({@code source <(./cadenza generate-completion)} costs about
 * two seconds at every new shell).
 */
public final class CompletionScript {
    /** Where the build puts it, relative to the cli module. */
    public static final String FILE = "cadenza-completion.bash";

    private CompletionScript() {
    }

    /** The script for the command line as it is now. */
    static String script() {
        return AutoComplete.bash("cadenza", CadenzaCli.commandLine());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: CompletionScript OUT_FILE");
        AtomicFiles.writeString(Path.of(args[0]), script());
    }
}
