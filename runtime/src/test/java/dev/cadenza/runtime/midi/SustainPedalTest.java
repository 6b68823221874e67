package dev.cadenza.runtime.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SustainPedalTest {
    private static final Path CORPUS = Path.of("..", "midi_songs");
    @TempDir
    Path dir;

    private static TestMidi pedal(TestMidi midi, long tick, int channel, int value) {
        return midi.shortMessage(tick, ShortMessage.CONTROL_CHANGE, channel, 64, value);
    }

    @Test
    void aNoteReleasedUnderThePedalLastsUntilThePedalIsLifted() throws Exception {
        TestMidi midi = TestMidi.ppq(480).track(0).note(0, 480, 60, 90); // C4, a quarter, released at beat 1
        pedal(midi, 240, 0, 127);          // pedal down while C4 is held
        pedal(midi, 1440, 0, 0);           // lifted at beat 3
        midi.note(1920, 480, 62, 90);      // D4 after the pedal is up: its own length
        Path file = midi.write(dir.resolve("pedal.mid"));

        assertEquals(List.of(1.0, 1.0), durations(new MidiReader().read(file)));
        assertEquals(List.of(3.0, 1.0), durations(MidiReader.withSustainPedal().read(file)));
    }

    @Test
    void theSameKeyStruckAgainEndsTheHeldNote() throws Exception {
        TestMidi midi = TestMidi.ppq(480).track(0);
        pedal(midi, 0, 0, 100);
        midi.note(0, 240, 64, 90).note(960, 240, 64, 90).note(0, 240, 67, 90); // E4 twice, G4 once, all short
        pedal(midi, 2400, 0, 10);
        Path file = midi.write(dir.resolve("restrike.mid"));

        Piece piece = MidiReader.withSustainPedal().read(file);
        // First E4: until the second E4 (beat 2); G4: until the pedal is lifted (beat 5); second E4: beat 2 to 5.
        assertEquals(List.of(2.0, 5.0, 3.0), durations(piece));
    }

    @Test
    void thePedalOfOneChannelHoldsOnlyThatChannelsNotes() throws Exception {
        TestMidi midi = TestMidi.ppq(480).track(0).note(0, 480, 60, 90).on(0, 1, 48, 90).off(480, 1, 48);
        pedal(midi, 0, 1, 127);
        pedal(midi, 1920, 1, 0);
        Piece piece = MidiReader.withSustainPedal().read(midi.write(dir.resolve("channels.mid")));
        assertEquals(4.0, piece.notes().get(0).duration(), "C3 on channel 2 is held by its pedal");
        assertEquals(1.0, piece.notes().get(1).duration(), "C4 on channel 1 has no pedal down");
    }

    @Test
    void aPedalNeverLiftedHoldsToTheEndOfTheFile() throws Exception {
        TestMidi midi = TestMidi.ppq(480).track(0).note(0, 480, 60, 90).note(1920, 480, 62, 90);
        pedal(midi, 0, 0, 127);
        Piece piece = MidiReader.withSustainPedal().read(midi.write(dir.resolve("held.mid")));
        assertEquals(List.of(5.0, 1.0), durations(piece));
    }

    @Test
    void aRealPedalledPieceKeepsItsNotesButTheyGetLonger() throws Exception {
        Path file = CORPUS.resolve("clair-de-lune.mid"); // 327 CC64 events
        Piece keys = new MidiReader().read(file);
        Piece pedalled = MidiReader.withSustainPedal().read(file);
        assertEquals(keys.notes().size(), pedalled.notes().size());
        int longer = 0;
        for (int i = 0; i < keys.notes().size(); i++) {
            Note k = keys.notes().get(i);
            Note p = pedalled.notes().get(i);
            assertEquals(k.onset(), p.onset());
            assertEquals(k.pitch(), p.pitch());
            assertEquals(k.velocity(), p.velocity());
            assertTrue(p.duration() >= k.duration(), "no note gets shorter: " + k + " -> " + p);
            if (p.duration() > k.duration() + 1e-9) longer++;
        }
        assertTrue(median(pedalled) > 1.5 * median(keys), "median " + median(keys) + " -> " + median(pedalled));
        assertTrue(longer > keys.notes().size() / 3, longer + " of " + keys.notes().size() + " notes held longer");
    }

    @Test
    void aPieceWithoutPedalReadsTheSameEitherWay() throws Exception {
        Path file = CORPUS.resolve("the-entertainer.mid"); // no CC64
        assertEquals(new MidiReader().read(file).notes(), MidiReader.withSustainPedal().read(file).notes());
    }

    private static List<Double> durations(Piece piece) {
        return piece.notes().stream().map(Note::duration).toList();
    }

    static double median(Piece piece) {
        double[] d = piece.notes().stream().mapToDouble(Note::duration).sorted().toArray();
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }
}
