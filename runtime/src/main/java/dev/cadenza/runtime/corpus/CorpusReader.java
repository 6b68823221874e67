package dev.cadenza.runtime.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;

/** Reads every MIDI file under a folder (recursively), keeping the good ones and recording why others were skipped. */
public final class CorpusReader {
    private final MidiReader reader = new MidiReader();

    /** Files under {@code dir} ending in .mid, .midi or .kar (any case), in a stable order. */
    public static List<Path> midiFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) throw new NoSuchFileException(dir.toString(), null, "no such folder");
        if (!Files.isDirectory(dir)) throw new NotDirectoryException(dir.toString());
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(CorpusReader::isMidiName).sorted().toList();
        }
    }

    static boolean isMidiName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi") || name.endsWith(".kar");
    }

    public Corpus read(Path dir) throws IOException {
        return read(dir, done -> { });
    }

    /** @param progress told the number of files done after each file */
    public Corpus read(Path dir, IntConsumer progress) throws IOException {
        List<Path> files = midiFiles(dir);
        List<Corpus.Entry> pieces = new ArrayList<>();
        List<Corpus.Skipped> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int done = 0;
        for (Path file : files) {
            try {
                Piece piece = reader.read(file);
                pieces.add(new Corpus.Entry(file, dir.relativize(file).toString(), piece));
                warnings.addAll(piece.warnings());
            } catch (MidiFileException e) {
                skipped.add(new Corpus.Skipped(file, e.problem()));
            }
            progress.accept(++done);
        }
        return new Corpus(dir, files.size(), pieces, skipped, warnings);
    }
}
