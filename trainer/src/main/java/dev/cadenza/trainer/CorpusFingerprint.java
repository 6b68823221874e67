package dev.cadenza.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.cadenza.runtime.corpus.Corpus;

/**
 * Which files a run learned from, by content hash, and which were skipped and why ({@code corpus.json}).
 *
 * @param manifest the SHA-256 of the corpus's manifest (its split and composers shape the run), null without one
 */
public record CorpusFingerprint(String root, List<FileEntry> files, List<SkippedEntry> skipped, String manifest) {
    public CorpusFingerprint {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    public record FileEntry(String name, String sha256, int notes) {
    }

    public record SkippedEntry(String name, String reason) {
    }

    public static CorpusFingerprint of(Corpus corpus) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (Corpus.Entry e : corpus.pieces()) {
            files.add(new FileEntry(e.name(), sha256(e.file()), e.piece().notes().size()));
        }
        List<SkippedEntry> skipped = new ArrayList<>();
        for (Corpus.Skipped s : corpus.skipped()) {
            skipped.add(new SkippedEntry(corpus.root().relativize(s.file()).toString(), s.reason()));
        }
        String manifest = corpus.manifest() == null ? null : sha256(corpus.manifest().file());
        return new CorpusFingerprint(corpus.root().toString(), files, skipped, manifest);
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
