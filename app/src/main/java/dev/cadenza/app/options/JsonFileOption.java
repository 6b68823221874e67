package dev.cadenza.app.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.cadenza.app.UserError;
import picocli.CommandLine.Option;

/** {@code --json-file FILE.json}: also save the JSON report, for the long-running measuring commands. */
public final class JsonFileOption {
    @Option(names = "--json-file", paramLabel = "FILE.json", description = "Also write the full report as JSON to FILE.json.")
    Path file;

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Refuses, before minutes of measuring, a file whose folder is missing or read-only. */
    public void checkWritable() {
        if (file == null) return;
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw new UserError(file + " (--json-file): is a folder; give a file name");
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UserError(file + " (--json-file): its folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) throw new UserError(file + " (--json-file): its folder " + folder + " is not writable");
    }
}
