package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.corpus.Manifest;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;

class StyleClassificationTest {
    private static final Path SONGS = Path.of("..", "midi_songs");

    /** The training pieces of a composer in the shipped corpus, by its manifest, read as the timed encoding reads them. */
    private static List<Piece> real(Manifest manifest, String style) throws Exception {
        List<Piece> out = new ArrayList<>();
        MidiReader reader = MidiReader.withSustainPedal();
        for (Manifest.Row row : manifest.rows().values()) {
            if (row.style().equals(style) && !row.heldOut()) out.add(reader.read(SONGS.resolve(row.file())));
        }
        return out;
    }

    /**
     * The measure of docs/evaluation.md, "Told apart by style": on the real pieces of the two composers chosen there,
     * the features tell them apart well enough that a model's failure to is the model's.
     */
    @Test
    void haydnAndChopinAreToldApartByTheFeatures() throws Exception {
        Manifest manifest = Manifest.find(SONGS);
        Map<String, List<Piece>> real = new LinkedHashMap<>();
        real.put("haydn", real(manifest, "haydn"));
        real.put("chopin", real(manifest, "chopin"));
        assertEquals(19, real.get("haydn").size());
        assertEquals(46, real.get("chopin").size());
        StyleClassification c = StyleClassification.of(real, Map.of());
        assertTrue(c.realAccuracy(null) >= 0.8, "leave-one-out accuracy " + c.realAccuracy(null));
        assertTrue(c.realAccuracy("haydn") >= 0.75 && c.realAccuracy("chopin") >= 0.75,
                c.realAccuracy("haydn") + " / " + c.realAccuracy("chopin"));
        assertEquals(65, c.real().size());
        assertTrue(Double.isNaN(c.generatedShare(null)), "nothing generated");

        // A real piece of each "generated" in its composer's style is classified as it (the classifier is fitted on
        // all real pieces, these among them); one the wrong way round is not.
        Piece haydn = real.get("haydn").get(0);
        StyleClassification asked = StyleClassification.of(real, Map.of("haydn", List.of(haydn)));
        assertEquals(List.of(new StyleClassification.Judged(haydn.name(), "haydn", asked.generated().get(0).judged())),
                asked.generated());
        assertEquals(asked.generated().get(0).right() ? 1.0 : 0.0, asked.generatedShare("haydn"));
    }

    @Test
    void tooFewStylesOrPiecesAreRefused() {
        Piece a = EvalPieces.cMajorScale();
        Piece b = EvalPieces.repeated(60, 8);
        assertThrows(IllegalArgumentException.class, () -> StyleClassification.of(Map.of("x", List.of(a, b)), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> StyleClassification.of(Map.of("x", List.of(a, b), "y", List.of(a)), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> StyleClassification.of(Map.of("x", List.of(a, b), "y", List.of(a, b)), Map.of("z", List.of(a))));
    }
}
