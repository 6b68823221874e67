package dev.cadenza.runtime.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiWriterTest {
    @TempDir
    Path dir;

    @Test
    void writtenFileReadsBackWithTheSameNotesTempoAndPianoProgram() throws Exception {
        Piece piece = new Piece("song", List.of(new Note(0, 1, 60, 90), new Note(0, 0.5, 64, 70), new Note(1.25, 1 / 3.0, 67, 50)), 96);
        Path file = dir.resolve("song.mid");
        new MidiWriter().write(piece, file);

        Piece back = new MidiReader().read(file);
        assertEquals(96, back.tempoBpm(), 1e-3);
        assertEquals(piece.notes().size(), back.notes().size());
        for (int i = 0; i < piece.notes().size(); i++) {
            Note a = piece.notes().get(i);
            Note b = back.notes().get(i);
            assertEquals(a.pitch(), b.pitch());
            assertEquals(a.velocity(), b.velocity());
            assertEquals(a.onset(), b.onset(), 1e-9);
            assertEquals(a.duration(), b.duration(), 1.0 / MidiWriter.RESOLUTION);
        }
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        boolean piano = false;
        for (var event : iterable(sequence)) {
            if (event.getMessage() instanceof ShortMessage sm && sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                piano = sm.getData1() == MidiWriter.ACOUSTIC_GRAND_PIANO;
            }
        }
        assertEquals(true, piano);
    }

    @Test
    void theBytesAreTheFilesAndWhatJavaSoundWrites() throws Exception {
        Piece piece = new Piece("bytes", List.of(new Note(0, 1, 60, 90), new Note(0.5, 0.25, 67, 40)), 100);
        Path file = dir.resolve("bytes.mid");
        MidiWriter writer = new MidiWriter();
        writer.write(piece, file);
        byte[] bytes = writer.toBytes(piece);
        ByteArrayOutputStream viaMidiSystem = new ByteArrayOutputStream();
        MidiSystem.write(writer.toSequence(piece), 1, viaMidiSystem);
        assertArrayEquals(viaMidiSystem.toByteArray(), bytes);
        assertArrayEquals(Files.readAllBytes(file), bytes);
        assertEquals(piece.notes(), new MidiReader().read(file, bytes).notes());
    }

    @Test
    void aRepeatedPitchIsReleasedBeforeItStrikesAgain() throws Exception {
        Piece piece = new Piece("rep", List.of(new Note(0, 1, 60, 90), new Note(1, 1, 60, 90)), 120);
        Path file = dir.resolve("rep.mid");
        new MidiWriter().write(piece, file);
        assertEquals(piece.notes(), new MidiReader().read(file).notes());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = Files.writeString(dir.resolve("keep.mid"), "old content");
        IOException e = assertThrows(IOException.class, () -> dev.cadenza.runtime.io.AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("No space left on device"); // the OS's words name no file
        }));
        assertEquals(file + ": No space left on device", e.getMessage());
        assertEquals("old content", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    private static List<javax.sound.midi.MidiEvent> iterable(Sequence sequence) {
        var out = new java.util.ArrayList<javax.sound.midi.MidiEvent>();
        for (var track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) out.add(track.get(i));
        }
        return out;
    }

    @Test
    void threadsWritingAtOnceEachGetTheirOwnFileWhole() throws Exception {
        // A server writes the pieces it answers on its request threads; the JDK's writer once shared by them mixed
        // the files up (a long piece came out cut to a few bytes, about one write in six on four threads).
        Piece piece = MidiReader.withSustainPedal().read(Path.of("..", "midi_songs", "satie-gymnopedie-no1.mid"));
        byte[] alone = new MidiWriter().toBytes(piece);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<byte[]>> written = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) written.add(pool.submit(() -> new MidiWriter().toBytes(piece)));
            for (int i = 0; i < written.size(); i++) assertArrayEquals(alone, written.get(i).get(), "write " + i);
        } finally {
            pool.shutdown();
        }
    }
}
