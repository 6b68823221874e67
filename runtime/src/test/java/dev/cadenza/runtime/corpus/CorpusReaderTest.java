package dev.cadenza.runtime.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.RawMidi;
import dev.cadenza.runtime.midi.TestMidi;

class CorpusReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsGoodFilesRecursivelyAndSaysWhyOthersWereSkipped() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        TestMidi.ppq(480).track(0).note(0, 480, 62, 90).note(480, 480, 64, 90).write(dir.resolve("sub/b.MIDI"));
        TestMidi.ppq(480).track(0).note(0, 480, 65, 90).write(dir.resolve("sub/c.kar"));
        Files.writeString(dir.resolve("broken.mid"), "garbage");
        TestMidi.ppq(480).track(0).on(0, 9, 36, 100).off(10, 9, 36).write(dir.resolve("drums.mid"));
        Files.writeString(dir.resolve("readme.txt"), "not music");

        Corpus corpus = new CorpusReader().read(dir);
        assertEquals(5, corpus.files());
        assertEquals(List.of("a.mid", "sub/b.MIDI", "sub/c.kar"), corpus.pieces().stream().map(Corpus.Entry::name).toList());
        assertEquals(4, corpus.notes());
        assertEquals(List.of(
                new Corpus.Skipped(dir.resolve("broken.mid"), "not a MIDI file (no MThd header)"),
                new Corpus.Skipped(dir.resolve("drums.mid"), "drums only (channel 10): no pitched notes")), corpus.skipped());
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThrows(NoSuchFileException.class, () -> new CorpusReader().read(dir.resolve("nope")));
    }

    @Test
    void theShippedCorpusParsesCompletely() throws Exception {
        Corpus corpus = new CorpusReader().read(Path.of("..", "midi_songs"));
        assertEquals(342, corpus.pieces().size());
        assertEquals(List.of(), corpus.skipped());
        assertEquals(800_460, corpus.notes());
        // Its manifest describes every piece, composer and licence included, and holds 26 of them out.
        assertEquals(342, corpus.manifest().rows().size());
        for (Corpus.Entry e : corpus.pieces()) {
            assertTrue(corpus.row(e) != null && !corpus.row(e).licence().isEmpty(), e.name() + " has a row and a licence");
        }
        assertEquals(26, corpus.manifest().rows().values().stream().filter(Manifest.Row::heldOut).count());
        assertEquals(27, corpus.manifest().styleCounts().size());
    }

    @Test
    void aBadByteInOneFileSkipsThatFileAndTheRestIsRead() throws Exception {
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        RawMidi.write(dir.resolve("b.mid"), RawMidi.oneNote(0x40, 0xCC));
        TestMidi.ppq(480).track(0).note(0, 480, 62, 90).write(dir.resolve("c.mid"));

        Corpus corpus = new CorpusReader().read(dir);
        assertEquals(List.of("a.mid", "c.mid"), corpus.pieces().stream().map(Corpus.Entry::name).toList());
        assertEquals(1, corpus.skipped().size());
        assertEquals(dir.resolve("b.mid"), corpus.skipped().get(0).file());
        assertTrue(corpus.skipped().get(0).reason().contains("velocity 204"));
    }

    @Test
    void aLinkToAFolderIsListedAsSkippedNotPassedOverInSilence() throws Exception {
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        Path elsewhere = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-elsewhere"));
        TestMidi.ppq(480).track(0).note(0, 480, 64, 90).write(elsewhere.resolve("b.mid"));
        Files.createSymbolicLink(dir.resolve("chopin"), elsewhere);
        Files.createSymbolicLink(dir.resolve("loop"), dir); // a loop: must neither hang nor be followed

        Corpus corpus = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new CorpusReader().read(dir));
        assertEquals(List.of("a.mid"), corpus.pieces().stream().map(Corpus.Entry::name).toList());
        Map<String, String> skipped = new TreeMap<>();
        corpus.skipped().forEach(s -> skipped.put(dir.relativize(s.file()).toString(), s.reason()));
        assertEquals(List.of("chopin", "loop"), List.copyOf(skipped.keySet()));
        assertTrue(skipped.get("chopin").startsWith("is a link to a folder"), skipped.toString());
    }

    @Test
    void fifosFoldersNamedMidAndDanglingLinksAreListedAsSkippedWithoutBlocking() throws Exception {
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("pipe.mid").toString()).start().waitFor());
        Path folder = Files.createDirectory(dir.resolve("folder.mid"));
        TestMidi.ppq(480).track(0).note(0, 480, 64, 90).write(folder.resolve("inside.mid"));
        Files.createSymbolicLink(dir.resolve("dangling.mid"), dir.resolve("nowhere.mid"));
        Files.createSymbolicLink(dir.resolve("alias.mid"), dir.resolve("a.mid"));

        Corpus corpus = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new CorpusReader().read(dir));
        assertEquals(List.of("a.mid", "alias.mid", "folder.mid/inside.mid"),
                corpus.pieces().stream().map(Corpus.Entry::name).toList());
        Map<String, String> skipped = new TreeMap<>();
        corpus.skipped().forEach(s -> skipped.put(dir.relativize(s.file()).toString(), s.reason()));
        assertEquals(List.of("dangling.mid", "folder.mid", "pipe.mid"), List.copyOf(skipped.keySet()));
        assertTrue(skipped.get("dangling.mid").startsWith("dangling link"));
        assertTrue(skipped.get("folder.mid").startsWith("is a folder"));
        assertTrue(skipped.get("pipe.mid").contains("FIFO"));
        assertEquals(6, corpus.files());
    }

    @Test
    void anUnreadableSubfolderAndFileAreSkippedWithTheReason() throws Exception {
        // Root reads everything whatever the permission bits say, so there is nothing to refuse it.
        assumeFalse("root".equals(System.getProperty("user.name")), "permission bits do not bind root");
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        TestMidi.ppq(480).track(0).note(0, 480, 62, 90).write(locked.resolve("hidden.mid"));
        Path secret = TestMidi.ppq(480).track(0).note(0, 480, 64, 90).write(dir.resolve("secret.mid"));
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        Files.setPosixFilePermissions(secret, java.util.Set.of());
        try {
            Corpus corpus = new CorpusReader().read(dir);
            assertEquals(List.of("a.mid"), corpus.pieces().stream().map(Corpus.Entry::name).toList());
            assertEquals(List.of(new Corpus.Skipped(locked, "cannot open folder: permission denied"),
                    new Corpus.Skipped(secret, "cannot read: permission denied")), corpus.skipped());
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }
}
