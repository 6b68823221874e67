package dev.cadenza.runtime.music;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class KeyEstimatorTest {
    private static final Path CORPUS = Path.of("..", "midi_songs");
    private final KeyEstimator estimator = new KeyEstimator();

    @Test
    void realPiecesGetTheKeysTheirComposersWrote() throws Exception {
        Map<String, String> known = Map.of(
                "bach-prelude-c-major-bwv846.mid", "C",
                "fur-elise.mid", "Am",
                "clair-de-lune.mid", "Db",
                "maple-leaf-rag.mid", "Ab",
                "the-entertainer.mid", "C",
                "mozart-k545-mvt1.mid", "C",
                "debussy-arabesque-no1.mid", "E");
        for (Map.Entry<String, String> e : known.entrySet()) {
            Piece piece = MidiReader.withSustainPedal().read(CORPUS.resolve(e.getKey()));
            assertEquals(e.getValue(), estimator.estimate(piece.notes()).toString(), e.getKey());
        }
    }

    @Test
    void transposingAPieceTransposesItsKey() throws Exception {
        Piece elise = new MidiReader().read(CORPUS.resolve("fur-elise.mid"));
        for (int shift = -6; shift <= 6; shift++) {
            int k = shift;
            List<Note> moved = elise.notes().stream()
                    .map(n -> new Note(n.onset(), n.duration(), n.pitch() + k, n.velocity())).toList();
            assertEquals(Key.parse("Am").transpose(shift), estimator.estimate(moved), "shift " + shift);
        }
    }

    @Test
    void aScaleAloneNamesItsKey() {
        List<Note> dMajor = new java.util.ArrayList<>();
        int[] scale = {62, 64, 66, 67, 69, 71, 73, 74};
        for (int i = 0; i < scale.length; i++) dMajor.add(new Note(i, 1, scale[i], 80));
        dMajor.add(new Note(8, 4, 62, 80)); // ends on the tonic
        assertEquals(Key.parse("D"), estimator.estimate(dMajor));
    }
}
