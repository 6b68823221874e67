package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class VelocityBinsTest {
    private static final Path CORPUS = Path.of("..", "midi_songs");

    @Test
    void binsCoverEveryVelocityOnceAndTheCentreLiesInside() {
        for (int count : new int[] {1, 2, 4, 8, 16, 32, 127}) {
            VelocityBins bins = new VelocityBins(count);
            int previous = 1;
            for (int v = 1; v <= 127; v++) {
                int bin = bins.bin(v);
                assertTrue(bin >= previous && bin <= previous + 1, "bins rise one at a time");
                previous = bin;
                assertTrue(bins.lowest(bin) <= v && v <= bins.highest(bin));
            }
            assertEquals(count, previous, "every bin is used");
            for (int b = 1; b <= count; b++) assertEquals(b, bins.bin(bins.centre(b)));
        }
    }

    @Test
    void aVelocityTokenStandsBeforeANoteOnlyWhenTheBinChanges() {
        TimedEncoding timed = new TimedEncoding(new TimedEncoding.Options(8, false));
        Piece piece = new Piece("x", List.of(new Note(0, 1, 60, 40), new Note(0, 1, 64, 45), new Note(1, 1, 67, 100),
                new Note(2, 1, 72, 100)), 120);
        // 40 and 45 share bin 3 (33..48), 100 is bin 7 (97..112); they decode to the centres 40 and 104.
        assertEquals(List.of("<start>", "v:3", "n:60", "d:12", "n:64", "d:12", "w:12", "v:7", "n:67", "d:12", "w:12",
                "n:72", "d:12", "<end>"), timed.encode(piece));
        Piece back = timed.decode("x", timed.encode(piece), 120);
        assertEquals(List.of(40, 40, 104, 104), back.notes().stream().map(Note::velocity).toList());
    }

    @Test
    void everyNoteOfARealPieceKeepsItsVelocityWithinItsBin() throws Exception {
        for (int count : new int[] {4, 8, 16}) {
            TimedEncoding timed = new TimedEncoding(new TimedEncoding.Options(count, false));
            VelocityBins bins = new VelocityBins(count);
            Piece piece = new MidiReader().read(CORPUS.resolve("fur-elise.mid"));
            // The note the encoding keeps at each grid onset and pitch: the longest (the first of equals).
            Map<Long, Note> kept = new HashMap<>();
            Map<Long, Long> keptLength = new HashMap<>();
            for (Note n : piece.notes()) {
                long key = Math.round(n.onset() * TimedEncoding.GRID) * 128 + n.pitch();
                long length = Math.min(TimedEncoding.MAX_DURATION, Math.max(1, Math.round(n.duration() * TimedEncoding.GRID)));
                if (!kept.containsKey(key) || keptLength.get(key) < length) {
                    kept.put(key, n);
                    keptLength.put(key, length);
                }
            }
            Piece back = timed.decode("x", timed.encode(piece), piece.tempoBpm());
            assertEquals(kept.size(), back.notes().size());
            long firstOnset = piece.notes().stream().mapToLong(n -> Math.round(n.onset() * TimedEncoding.GRID)).min().orElseThrow();
            int distinct = (int) back.notes().stream().mapToInt(Note::velocity).distinct().count();
            for (Note n : back.notes()) {
                long key = (Math.round(n.onset() * TimedEncoding.GRID) + firstOnset) * 128 + n.pitch();
                Note original = kept.get(key);
                int bin = bins.bin(original.velocity());
                assertTrue(n.velocity() >= bins.lowest(bin) && n.velocity() <= bins.highest(bin),
                        "note " + n + " from velocity " + original.velocity() + " left bin " + bin + " of " + count);
            }
            // Für Elise's velocities run from 17 to 82 (half the range): 3 of 4 bins, and at least half of 8 or 16.
            assertTrue(distinct >= count / 2, count + " bins: only " + distinct + " distinct velocities");
        }
    }

    @Test
    void withoutBinsEveryNoteDecodesAt80AsInVersion1() throws Exception {
        TimedEncoding plain = new TimedEncoding();
        Piece piece = new MidiReader().read(CORPUS.resolve("fur-elise.mid"));
        List<String> tokens = plain.encode(piece);
        assertFalse(tokens.stream().anyMatch(t -> t.startsWith("v:")));
        assertTrue(plain.decode("x", tokens, 120).notes().stream().allMatch(n -> n.velocity() == 80));
        assertEquals(1, plain.version());
        assertEquals(Map.of(), plain.options());
        assertFalse(plain.isToken("v:1"), "a version 1 model has no velocity tokens");
    }

    @Test
    void optionsTravelWithTheVocabularyAndVersion1StaysAsItWas() {
        TimedEncoding binned = new TimedEncoding(new TimedEncoding.Options(8, true));
        assertEquals(2, binned.version());
        Vocabulary vocabulary = Vocabulary.of(binned, List.of("<pad>", "<start>", "<end>", "<unk>", "n:60", "d:12", "v:8"));
        Vocabulary back = Vocabulary.fromJson(vocabulary.toJson());
        assertEquals(vocabulary, back);
        assertEquals(binned, back.encoding());
        assertEquals(2, back.encodingVersion());
        assertTrue(vocabulary.toJson().contains("\"velocityBins\" : \"8\""), vocabulary.toJson());

        Vocabulary old = Vocabulary.of(new TimedEncoding(), List.of("<pad>", "<start>", "<end>", "<unk>", "n:60", "d:12"));
        assertFalse(old.toJson().contains("options"), old.toJson());
        assertEquals(new TimedEncoding(), Vocabulary.fromJson(old.toJson()).encoding());
    }

    @Test
    void aBinBeyondTheModelsCountIsNoToken() {
        TimedEncoding binned = new TimedEncoding(new TimedEncoding.Options(4, false));
        assertTrue(binned.isToken("v:4"));
        assertFalse(binned.isToken("v:5"));
        assertFalse(binned.isToken("v:0"));
        assertEquals(1.0, binned.distance("v:2", "v:3"));
    }
}
