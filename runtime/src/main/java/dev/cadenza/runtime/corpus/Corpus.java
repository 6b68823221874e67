package dev.cadenza.runtime.corpus;

import java.nio.file.Path;
import java.util.List;

import dev.cadenza.runtime.midi.Piece;

/**
 * The usable pieces of a folder, plus what was skipped and why.
 *
 * @param files    how many entries with a MIDI name were found: the pieces plus everything skipped
 * @param pieces   the files that parsed into at least one note, in file-name order
 * @param skipped  files (and folders, FIFOs, dangling links) that could not be used, each with a one-line reason
 * @param warnings repairs made while reading (dropped zero-length notes and the like)
 * @param manifest what the folder's {@value Manifest#FILE_NAME} says of its pieces, or null when it has none
 */
public record Corpus(Path root, int files, List<Entry> pieces, List<Skipped> skipped, List<String> warnings,
                     Manifest manifest) {
    public Corpus {
        pieces = List.copyOf(pieces);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /** A corpus without a manifest. */
    public Corpus(Path root, int files, List<Entry> pieces, List<Skipped> skipped, List<String> warnings) {
        this(root, files, pieces, skipped, warnings, null);
    }

    /** The manifest's row for a piece, or null (no manifest, or a file it does not name). */
    public Manifest.Row row(Entry entry) {
        return manifest == null ? null : manifest.row(entry.name());
    }

    /** @param name the path relative to the corpus root, stable across machines */
    public record Entry(Path file, String name, Piece piece) {
    }

    public record Skipped(Path file, String reason) {
    }

    public int notes() {
        return pieces.stream().mapToInt(e -> e.piece().notes().size()).sum();
    }
}
