package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.corpus.Manifest;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/** The split, the training subset and the style tokens a corpus manifest asks for. */
class ManifestSplitTest {
    @TempDir
    Path dir;
    Path corpus;

    /** Nine short real pieces (stretches of Für Elise) by three "composers", two of them held out. */
    @BeforeEach
    void corpusWithManifest() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        Piece whole = new MidiReader().read(TinyRuns.SONGS.resolve("fur-elise.mid"));
        StringBuilder manifest = new StringBuilder("file,composer,title,licence,split\n");
        String[] composers = {"Haydn", "Chopin", "Satie"};
        for (int i = 0; i < 9; i++) {
            String composer = composers[i % 3];
            String file = composer.toLowerCase() + "/p" + i + ".mid";
            Files.createDirectories(corpus.resolve(composer.toLowerCase()));
            new MidiWriter().write(cut(whole, i * 60, i * 60 + 60), corpus.resolve(file));
            manifest.append(file).append(',').append(composer).append(",piece ").append(i).append(",CC BY-SA 3.0 DE,")
                    .append(i == 0 || i == 4 ? "validation" : "train").append('\n');
        }
        Files.writeString(corpus.resolve(Manifest.FILE_NAME), manifest);
    }

    private static Piece cut(Piece piece, int from, int to) {
        List<Note> notes = piece.notes().subList(from, to);
        double start = notes.get(0).onset();
        List<Note> moved = new ArrayList<>();
        for (Note n : notes) moved.add(new Note(n.onset() - start, n.duration(), n.pitch(), n.velocity()));
        return new Piece("p" + from, moved, piece.tempoBpm());
    }

    private TrainingSettings settings(int pieces, boolean style, long seed) {
        TrainingSettings tiny = TinyRuns.tiny(corpus, 1, 0.0);
        return new TrainingSettings(tiny.corpus(), tiny.encoding(), "tiny", 8, 1, 16, 0, 0.0, 16, 16, 16, "adam", 1e-2, 1.0,
                1, 0, seed, 0, 0.5, 1, TrainingSettings.Mode.MANY_TO_MANY, 0, false, false, 0, true, true, false, pieces, style);
    }

    private TrainingData data(TrainingSettings s) throws Exception {
        Corpus read = new CorpusReader(MidiReader.forEncoding(s.encodingWithOptions())).read(corpus);
        return TrainingData.prepare(read, s);
    }

    @Test
    void theManifestsHeldOutPiecesValidateWhateverTheSeedShareOrNumberOfPieces() throws Exception {
        List<String> heldOut = List.of("chopin/p4.mid", "haydn/p0.mid");
        assertEquals(heldOut, data(settings(0, false, 1)).split().validation());
        assertEquals(heldOut, data(settings(0, false, 99)).split().validation(), "not the seed's split");
        assertEquals(heldOut, data(settings(3, false, 1)).split().validation());
        assertEquals(7, data(settings(0, false, 1)).split().train().size());
    }

    @Test
    void fewerPiecesAreTakenInTurnFromEachComposerAndGrowByAddingPieces() throws Exception {
        List<String> three = data(settings(3, false, 1)).split().train();
        assertEquals(3, three.size());
        assertEquals(List.of("chopin", "haydn", "satie"), three.stream().map(n -> n.substring(0, n.indexOf('/'))).sorted().toList());
        List<String> five = data(settings(5, false, 1)).split().train();
        assertEquals(5, five.size());
        assertTrue(five.containsAll(three), five + " holds " + three);
        assertEquals(7, data(settings(50, false, 1)).split().train().size(), "more than there are: all of them");
    }

    @Test
    void everyPieceOpensWithItsComposersStyleAfterItsKey() throws Exception {
        TrainingData data = data(settings(0, true, 1));
        assertEquals(List.of("chopin", "haydn", "satie"), data.vocabulary().styles());
        for (int[] stream : data.trainStreams()) {
            assertTrue(data.vocabulary().token(stream[1]).startsWith("k:"), "key first");
            assertTrue(data.vocabulary().token(stream[2]).startsWith("s:"), "then the style");
        }
        assertEquals("s:chopin", data.vocabulary().token(data.validation().get(0).ids()[2]));
    }

    @Test
    void styleTokensWithoutAManifestAreOneLine() throws Exception {
        Files.delete(corpus.resolve(Manifest.FILE_NAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data(settings(0, true, 1)));
        assertTrue(e.getMessage().contains("style tokens are learnt from the composers in"), e.getMessage());
        assertTrue(e.getMessage().endsWith("and there is none"), e.getMessage());
    }
}
