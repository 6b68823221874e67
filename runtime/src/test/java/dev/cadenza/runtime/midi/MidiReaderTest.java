package dev.cadenza.runtime.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiReaderTest {
    @TempDir
    Path dir;

    private final MidiReader reader = new MidiReader();

    private static void assertNotes(List<Note> actual, Note... expected) {
        assertEquals(List.of(expected), actual);
    }

    @Test
    void format0ReadsNotesInQuarterNotesWithTheInitialTempo() throws Exception {
        Path file = TestMidi.ppq(96).track(0).tempo(0, 90).note(0, 96, 60, 100).note(96, 48, 64, 70).write(dir.resolve("f0.mid"), 0);
        Piece piece = reader.read(file);
        assertNotes(piece.notes(), new Note(0, 1, 60, 100), new Note(1, 0.5, 64, 70));
        assertEquals(90, piece.tempoBpm(), 1e-3);
        assertEquals("f0.mid", piece.name());
    }

    @Test
    void format1MergesTracksAndChannelsAtAnyResolution() throws Exception {
        Path file = TestMidi.ppq(1000)
                .track(0).tempo(0, 120)
                .track(1).note(0, 2000, 48, 80)
                .track(2).on(500, 3, 67, 90).off(1000, 3, 67)
                .write(dir.resolve("f1.mid"), 1);
        assertNotes(reader.read(file).notes(), new Note(0, 2, 48, 80), new Note(0.5, 0.5, 67, 90));
    }

    @Test
    void tempoChangesDoNotMoveNotesInQuarterNotes() throws Exception {
        Path file = TestMidi.ppq(480).track(0).tempo(0, 60).tempo(480, 200).note(0, 480, 60, 64).note(960, 480, 62, 64)
                .write(dir.resolve("tempo.mid"));
        Piece piece = reader.read(file);
        assertNotes(piece.notes(), new Note(0, 1, 60, 64), new Note(2, 1, 62, 64));
        assertEquals(60, piece.tempoBpm(), 1e-3);
    }

    @Test
    void noteOnWithVelocityZeroEndsTheNote() throws Exception {
        Path file = TestMidi.ppq(480).track(0).on(0, 0, 60, 100).on(240, 0, 60, 0).write(dir.resolve("v0.mid"));
        assertNotes(reader.read(file).notes(), new Note(0, 0.5, 60, 100));
    }

    @Test
    void overlappingNotesOfOnePitchPairFirstInFirstOut() throws Exception {
        Path file = TestMidi.ppq(480).track(0)
                .on(0, 0, 60, 100).on(240, 0, 60, 50).off(480, 0, 60).off(960, 0, 60)
                .write(dir.resolve("overlap.mid"));
        assertNotes(reader.read(file).notes(), new Note(0, 1, 60, 100), new Note(0.5, 1.5, 60, 50));
    }

    @Test
    void aNoteNeverReleasedEndsAtTheEndOfItsTrack() throws Exception {
        Path file = TestMidi.ppq(480).track(0).on(0, 0, 60, 100).note(480, 960, 64, 100).write(dir.resolve("held.mid"));
        Piece piece = reader.read(file);
        assertNotes(piece.notes(), new Note(0, 3, 60, 100), new Note(1, 2, 64, 100));
        assertTrue(piece.warnings().get(0).contains("never released"), piece.warnings().toString());
    }

    @Test
    void drumsOnChannel10AreLeftOut() throws Exception {
        Path file = TestMidi.ppq(480).track(0).on(0, 9, 36, 100).off(240, 9, 36).note(0, 480, 72, 90).write(dir.resolve("drums.mid"));
        assertNotes(reader.read(file).notes(), new Note(0, 1, 72, 90));
    }

    @Test
    void zeroLengthNotesAreDroppedWithAWarning() throws Exception {
        Path file = TestMidi.ppq(480).track(0).note(0, 0, 60, 100).note(0, 480, 64, 100).write(dir.resolve("zero.mid"));
        Piece piece = reader.read(file);
        assertNotes(piece.notes(), new Note(0, 1, 64, 100));
        assertEquals(List.of(file + ": dropped 1 zero-length note(s)"), piece.warnings());
    }

    private void assertRefused(Path file, String problem) {
        MidiFileException e = assertThrows(MidiFileException.class, () -> reader.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.problem().contains(problem), "expected '" + problem + "' in: " + e.problem());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void refusesAFileThatIsNotMidi() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.mid"), "these are not the notes you are looking for");
        assertRefused(file, "not a MIDI file");
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        Path good = TestMidi.ppq(480).track(0).note(0, 480, 60, 100).note(480, 480, 62, 100).write(dir.resolve("good.mid"));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.mid"), Arrays.copyOf(bytes, bytes.length - 12));
        assertRefused(cut, "truncated");
    }

    @Test
    void refusesAnInvalidMetaEvent() throws Exception {
        // A meta event whose length runs far past the end of its track chunk.
        byte[] track = {0x00, (byte) 0xFF, 0x03, 0x7F, 'x', 0x00, (byte) 0xFF, 0x2F, 0x00};
        Path file = Files.write(dir.resolve("meta.mid"), smf(track));
        assertRefused(file, "MIDI");
    }

    @Test
    void refusesFilesWithoutNotes() throws Exception {
        assertRefused(TestMidi.ppq(480).track(0).tempo(0, 100).write(dir.resolve("empty.mid")), "no notes");
    }

    @Test
    void refusesDrumsOnlyFiles() throws Exception {
        assertRefused(TestMidi.ppq(480).track(0).on(0, 9, 36, 100).off(240, 9, 36).write(dir.resolve("kit.mid")), "drums only");
    }

    @Test
    void refusesFilesWhereEveryNoteHasZeroLength() throws Exception {
        assertRefused(TestMidi.ppq(480).track(0).note(0, 0, 60, 100).write(dir.resolve("zeros.mid")), "zero length");
    }

    @Test
    void refusesAbsurdTickValues() throws Exception {
        assertRefused(TestMidi.ppq(24).track(0).note(0, 24, 60, 100).note(Integer.MAX_VALUE, 24, 62, 100)
                .write(dir.resolve("far.mid")), "absurd tick value");
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(dir.resolve("nowhere.mid"), "no such file");
    }

    /** A format-0 file around one raw track chunk, for malformed-event cases javax.sound.midi cannot write. */
    private static byte[] smf(byte[] track) {
        byte[] header = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k',
                0, 0, (byte) (track.length >> 8), (byte) track.length};
        byte[] out = Arrays.copyOf(header, header.length + track.length);
        System.arraycopy(track, 0, out, header.length, track.length);
        return out;
    }
}
