package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TestMidi;

/**
 * One MIDI file per rule of docs/encodings.md, written with javax.sound.midi and read back through {@link MidiReader}:
 * the {@code classic} tokens the tutorial's music21 parse gives, and where {@code merged} differs.
 */
class TutorialParseTest {
    private static final int Q = 480; // ticks per quarter note
    private final ClassicEncoding classic = new ClassicEncoding();
    private final MergedEncoding merged = new MergedEncoding();
    @TempDir
    Path dir;

    private Piece read(TestMidi midi) throws Exception {
        Path file = midi.write(dir.resolve("rule.mid"));
        // -Dcadenza.tutorialRules=DIR keeps each rule's file, to run the tutorial's own parse on (docs/encodings.md).
        String keep = System.getProperty("cadenza.tutorialRules");
        if (keep != null) {
            String test = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().getMethodName();
            java.nio.file.Files.createDirectories(Path.of(keep));
            java.nio.file.Files.copy(file, Path.of(keep, test + ".mid"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new MidiReader().read(file);
    }

    private static TestMidi program(TestMidi midi, int tick, int program) {
        return midi.shortMessage(tick, ShortMessage.PROGRAM_CHANGE, 0, program, 0);
    }

    @Test
    void notesOfDifferentTracksNeverFormAChord() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, Q, 86, 80);   // right hand D6
        midi.track(1).note(0, Q, 53, 80);   // left hand F3, same moment
        Piece piece = read(midi);
        assertEquals(List.of("D6", "F3"), classic.encode(piece));
        assertEquals(List.of("2.5"), merged.encode(piece));
    }

    @Test
    void notesOfOneTrackThatStartAndEndTogetherFormAChordInNormalOrder() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, Q, 60, 80).note(0, Q, 64, 80).note(0, Q, 69, 80) // C E A: normal order 9.0.4
                .note(Q, Q, 60, 80).note(Q, Q, 72, 80);                         // C4 with C5: one pitch class
        assertEquals(List.of("9.0.4", "0"), classic.encode(read(midi)));
    }

    @Test
    void notesThatStartTogetherButEndApartStaySeparate() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, 2 * Q, 48, 80)  // C3 half note
                .note(0, Q, 64, 80).note(0, Q, 67, 80); // E4 G4 quarter notes: these two are a chord
        assertEquals(List.of("C3", "4.7"), classic.encode(read(midi)));
    }

    @Test
    void onsetsWithinASixteenthOfAQuarterJoinFartherOnesDoNot() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        // 1/32 quarter apart, same end: one chord. Then 1/8 quarter apart: two notes, though the grid snaps both to 4.
        midi.track(0).note(0, Q, 60, 80).note(Q / 32, Q - Q / 32, 67, 80)
                .note(4 * Q, Q, 62, 80).note(4 * Q + Q / 8, Q - Q / 8, 65, 80);
        assertEquals(List.of("7.0", "D4", "F4"), classic.encode(read(midi)));
    }

    @Test
    void sameTimeOnTheGridOrdersByTrackEvenIfAnotherTrackWasEarlier() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        // Track 1 plays at 0.30 quarters, track 0 at 0.32: both snap to 1/3, so track 0 comes first.
        midi.track(0).note(Math.round(0.32 * Q), Q, 72, 80);
        midi.track(1).note(Math.round(0.30 * Q), Q, 48, 80);
        assertEquals(List.of("C5", "C3"), classic.encode(read(midi)));
    }

    @Test
    void aNoteEndsAtTheNextEventOfItsPitchEvenANoteOn() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        // C4 struck again while still held: music21 ends the first note there and uses up the second strike.
        midi.track(0).on(0, 0, 60, 80).on(Q, 0, 60, 80).off(2 * Q, 0, 60).off(3 * Q, 0, 60)
                .note(3 * Q, Q, 62, 80)
                .on(3 * Q, 0, 64, 80); // E4 never released: dropped (merged ends it with its track)
        Piece piece = read(midi);
        assertEquals(List.of("C4", "D4"), classic.encode(piece));
        assertEquals(List.of("C4", "C4", "2.4"), merged.encode(piece));
    }

    @Test
    void onlyTheFirstInstrumentsNotesCount() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        program(midi.track(0), 0, 0).note(0, Q, 72, 80);           // piano
        program(midi.track(1), 0, 40).note(0, Q, 76, 80);          // violin: left out
        program(midi.track(2), 0, 0).note(Q, Q, 48, 80);           // piano again: kept
        assertEquals(List.of("C5", "C3"), classic.encode(read(midi)));
    }

    @Test
    void theFirstInstrumentIsTheFirstProgramChangeInTrackOrder() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, Q, 60, 80);                          // no program: belongs to no instrument
        program(midi.track(1), 0, 40).note(0, Q, 76, 80);          // violin comes first
        program(midi.track(2), 0, 0).note(0, Q, 48, 80);           // piano
        assertEquals(List.of("E5"), classic.encode(read(midi)));
    }

    @Test
    void programsMusic21CannotNameCountAsOneInstrument() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        program(midi.track(0), 0, 1).note(0, Q, 72, 80);           // bright piano: no music21 class
        program(midi.track(1), 0, 4).note(0, Q, 48, 80);           // electric piano 1: none either
        assertEquals(List.of("C5", "C3"), classic.encode(read(midi)));
    }

    @Test
    void twoNamelessProgramsMeetingAtASignatureMakeThePartitionFailSoEveryNoteCounts() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        // One track, channels with their own programs, all at time 0 (a General MIDI file in format 0): music21 has
        // no name for programs 1 and 4, and both claim the tempo mark at 0; its partition fails and the tutorial
        // falls back to every note, so the violin's note counts too.
        midi.track(0).tempo(0, 100);
        program(midi, 0, 0).shortMessage(0, ShortMessage.PROGRAM_CHANGE, 1, 1, 0)
                .shortMessage(0, ShortMessage.PROGRAM_CHANGE, 2, 4, 0).shortMessage(0, ShortMessage.PROGRAM_CHANGE, 3, 40, 0);
        midi.note(0, Q, 72, 80).on(Q, 3, 76, 80).off(2 * Q, 3, 76);
        assertEquals(List.of("C5", "E5"), classic.encode(read(midi)));
    }

    @Test
    void oneNamelessProgramAtATimeLeavesThePartitionWorking() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        // As above but only one unnamed program: the partition works, and the first instrument (piano on channel 1)
        // gets nothing, because the instruments that follow it at the same time end its span at once.
        midi.track(0).tempo(0, 100);
        program(midi, 0, 0).shortMessage(0, ShortMessage.PROGRAM_CHANGE, 1, 1, 0)
                .shortMessage(0, ShortMessage.PROGRAM_CHANGE, 3, 40, 0);
        midi.note(0, Q, 72, 80).on(Q, 3, 76, 80).off(2 * Q, 3, 76);
        assertEquals(List.of(), classic.encode(read(midi)));
    }

    @Test
    void withoutAnyProgramChangeEveryTrackCounts() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        program(midi.track(0), 0, 40).tempo(0, 100);               // conductor track: no notes, not a part
        midi.track(1).note(0, Q, 72, 80);
        midi.track(2).note(Q, Q, 48, 80);
        assertEquals(List.of("C5", "C3"), classic.encode(read(midi)));
    }

    @Test
    void notesBeforeTheInstrumentsProgramChangeAreLost() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, Q, 60, 80);
        program(midi.track(0), Q, 0).note(Q, Q, 62, 80);
        assertEquals(List.of("D4"), classic.encode(read(midi)));
    }

    @Test
    void drumChannelNotesAreNotesToo() throws Exception {
        TestMidi midi = TestMidi.ppq(Q);
        midi.track(0).note(0, Q, 60, 80).on(Q, 9, 38, 80).off(2 * Q, 9, 38); // snare on channel 10
        Piece piece = read(midi);
        assertEquals(List.of("C4", "D2"), classic.encode(piece));
        assertEquals(List.of("C4"), merged.encode(piece));
    }

    @Test
    void theGridSnapsToQuartersOrThirdsOfAQuarter() {
        assertEquals(0.25, Music21Grid.snap(0.27), 1e-12);
        assertEquals(1.0 / 3, Music21Grid.snap(0.31), 1e-12);
        assertEquals(0.0, Music21Grid.snap(0.125), 1e-12);      // half-way on both grids: the smaller wins
        assertEquals(2.0 / 3, Music21Grid.snap(0.7), 1e-12);
        assertEquals(0.75, Music21Grid.snap(0.73), 1e-12);
    }
}
