package dev.cadenza.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first 14 pieces of the shipped corpus (the MIDI files at the top of midi_songs/, without its composer folders
 * and manifest), copied once into target/: the small fixed corpus the CLI tests read where they need a whole folder.
 * Reading all of midi_songs/ (342 pieces) would make every such test slow.
 */
final class SmallCorpus {
    static final Path SHIPPED = Path.of("..", "midi_songs");
    private static final Path DIR = Path.of("target", "small-corpus");

    private SmallCorpus() {
    }

    /**
     * A corpus in {@code dir}/corpus with one folder per composer holding the named pieces of this corpus
     * ({@code "joplin" -> ["solace.mid"]}), and {@code manifest} as its manifest.csv (none when null).
     */
    static Path byComposer(Path dir, java.util.Map<String, List<String>> pieces, String manifest) throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (java.util.Map.Entry<String, List<String>> e : pieces.entrySet()) {
            Path folder = Files.createDirectories(corpus.resolve(e.getKey()));
            for (String f : e.getValue()) Files.copy(path().resolve(f), folder.resolve(f));
        }
        if (manifest != null) Files.writeString(corpus.resolve("manifest.csv"), manifest);
        return corpus;
    }

    static synchronized Path path() {
        try {
            Files.createDirectories(DIR);
            List<Path> files;
            try (Stream<Path> s = Files.list(SHIPPED)) {
                files = s.filter(p -> p.toString().endsWith(".mid") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path f : files) {
                Path to = DIR.resolve(f.getFileName().toString());
                if (!Files.exists(to) || Files.size(to) != Files.size(f)) Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return DIR;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
