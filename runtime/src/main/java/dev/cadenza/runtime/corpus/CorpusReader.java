package dev.cadenza.runtime.corpus;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

import dev.cadenza.runtime.io.FileKind;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;

/**
 * Reads every MIDI file under a folder (recursively), keeping the good ones and recording why others were skipped.
 * Nothing found under the folder stops the reading: an unreadable subfolder, a FIFO, a dangling link or a folder
 * named like a MIDI file is listed as skipped with its reason, and the rest is read. A folder's
 * {@value Manifest#FILE_NAME}, when it has one, is read first and must be whole ({@link Manifest}).
 */
public final class CorpusReader {
    private final MidiReader reader;

    /** A reader that ignores the sustain pedal. */
    public CorpusReader() {
        this(new MidiReader());
    }

    /** A reader that reads each file with {@code reader} (with or without the sustain pedal). */
    public CorpusReader(MidiReader reader) {
        this.reader = reader;
    }

    /**
     * What a walk of the folder found, in a stable order: the files to read, and entries that cannot be read at all
     * (with why). {@code skipped} may hold folders that could not be listed.
     */
    public record Listing(List<Path> files, List<Corpus.Skipped> skipped) {
        public Listing {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }

        /** Everything the reading will report on: files to read plus entries already known to be unusable. */
        public int size() {
            return files.size() + skipped.size();
        }
    }

    /** Files under {@code dir} ending in .mid, .midi or .kar (any case) that are regular files, in a stable order. */
    public static List<Path> midiFiles(Path dir) throws IOException {
        return list(dir).files();
    }

    /**
     * Walks {@code dir} without following links to folders (so link loops cannot trap it).
     *
     * @throws IOException only when {@code dir} itself is missing, not a folder or cannot be listed
     */
    public static Listing list(Path dir) throws IOException {
        if (!Files.exists(dir)) throw new NoSuchFileException(dir.toString(), null, "no such folder");
        if (!Files.isDirectory(dir)) throw new NotDirectoryException(dir.toString());
        List<Path> files = new ArrayList<>();
        List<Corpus.Skipped> skipped = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
                if (!folder.equals(dir) && isMidiName(folder)) {
                    skipped.add(new Corpus.Skipped(folder, "is a folder, not a file (its contents are still read)"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                    // Said, not silently passed over: the user may expect the pieces behind it to be read.
                    skipped.add(new Corpus.Skipped(file, "is a link to a folder, which is not followed (a link loop could "
                            + "trap the reading); name the folder itself to read it"));
                    return FileVisitResult.CONTINUE;
                }
                if (!isMidiName(file)) return FileVisitResult.CONTINUE;
                String notPlain = attrs.isRegularFile() ? null : FileKind.notPlainFile(file);
                if (notPlain == null) {
                    files.add(file);
                } else {
                    skipped.add(new Corpus.Skipped(file, notPlain));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(dir)) throw e;
                String what = Files.isDirectory(file) ? "cannot open folder: " : "cannot read: ";
                if (Files.isDirectory(file) || isMidiName(file)) skipped.add(new Corpus.Skipped(file, what + FileKind.reason(e)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                if (e != null) {
                    if (folder.equals(dir)) throw e;
                    skipped.add(new Corpus.Skipped(folder, "could not list the whole folder: " + FileKind.reason(e)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.naturalOrder());
        skipped.sort(Comparator.comparing(Corpus.Skipped::file));
        return new Listing(files, skipped);
    }

    /** Whether the name ends in .mid, .midi or .kar (any case): the files a corpus is read from. */
    public static boolean isMidiName(Path path) {
        Path name = path.getFileName();
        if (name == null) return false;
        String lower = name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".mid") || lower.endsWith(".midi") || lower.endsWith(".kar");
    }

    public Corpus read(Path dir) throws IOException {
        return read(dir, done -> { });
    }

    /** @param progress told the number of entries done after each one ({@link Listing#size()} in all) */
    public Corpus read(Path dir, IntConsumer progress) throws IOException {
        Listing listing = list(dir);
        Manifest manifest = Manifest.find(dir); // before any MIDI file: a broken manifest stops the reading at once
        List<Corpus.Entry> pieces = new ArrayList<>();
        List<Corpus.Skipped> skipped = new ArrayList<>(listing.skipped());
        List<String> warnings = new ArrayList<>();
        int done = listing.skipped().size();
        progress.accept(done);
        for (Path file : listing.files()) {
            try {
                Piece piece = reader.read(file);
                pieces.add(new Corpus.Entry(file, dir.relativize(file).toString(), piece));
                warnings.addAll(piece.warnings());
            } catch (MidiFileException e) {
                skipped.add(new Corpus.Skipped(file, e.problem()));
            }
            progress.accept(++done);
        }
        skipped.sort(Comparator.comparing(Corpus.Skipped::file));
        return new Corpus(dir, listing.size(), pieces, skipped, warnings, manifest);
    }
}
