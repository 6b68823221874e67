package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.junit.jupiter.api.Test;

/**
 * The engine's promise with the shipped network rather than a fake one: a row joining a running batch (into a finished
 * row's place, or by growing the state, with a user's long MIDI primer or a cached short one, under every shrink policy)
 * gets the very piece it gets alone, as {@code cadenza generate} makes it.
 */
class JoiningBatchRealModelTest {
    @Test
    void rowsJoiningARunningBatchAtAnyStepGetTheirPieceAlone() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            Tokenizer tokenizer = new Tokenizer(model.metadata().vocabulary());
            PieceRows pieceRows = new PieceRows(tokenizer);
            double bpm = model.metadata().tempoBpm();
            // As the service makes them: a user's MIDI primer (top-p 0.9), and a start in a key with key strength.
            Primer midi = Primers.fromFile(Path.of("..", "midi_songs", "satie-gymnopedie-no1.mid"), tokenizer);
            assertTrue(midi.ids().length > 100, "a long primer: " + midi.ids().length + " tokens");
            Decoding topP = Decoding.builder().sampling(new Sampling.Sampled(1.0, 0, 0.9)).maxTokens(150).seed(3).build();
            Decoding keyed = Decoding.builder().key(dev.cadenza.runtime.music.Key.parse("Eb")).keyStrength(2).maxTokens(150)
                    .seed(29).build();
            List<RowRequest> joiners = List.of(pieceRows.rows(topP, List.of(midi, midi), bpm).get(1),
                    pieceRows.rows(keyed, pieceRows.primers(1, keyed, PrimerChoice.start()), bpm).get(0));
            int[] start = ShippedModel.primer(model);
            List<GeneratedPiece> alone = List.of(alone(model, joiners.get(0)), alone(model, joiners.get(1)));
            for (GeneratedPiece p : alone) assertTrue(p.continuation().length > 100, "a piece worth comparing");
            for (int others : new int[] {1, 6, 14}) {
                for (int at : new int[] {0, 1, 20, 40}) {
                    for (DecodeBatch.Shrink shrink : DecodeBatch.Shrink.values()) {
                        Map<RowRequest, GeneratedPiece> got = new IdentityHashMap<>();
                        DecodeBatch batch = new DecodeBatch(model, shrink, new GenerationListener() {
                            @Override
                            public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
                                got.put(row, piece);
                            }
                        });
                        // Others of different lengths: some finish before the joiners come and ride along or leave.
                        for (int i = 0; i < others; i++) batch.admit(RowRequest.of(i, start, Sampling.DEFAULT, 100 + i, 10 + 10 * i));
                        for (int s = 0; s < at; s++) batch.step();
                        RowRequest[] mine = new RowRequest[joiners.size()];
                        for (int j = 0; j < mine.length; j++) {
                            mine[j] = joiners.get(j).withTag("joiner"); // a row object of its own, as a server makes
                            batch.admit(mine[j]);
                        }
                        while (!batch.isEmpty()) batch.step();
                        for (int j = 0; j < mine.length; j++) {
                            assertArrayEquals(alone.get(j).continuation(), got.get(mine[j]).continuation(),
                                    "joiner " + j + " after " + at + " steps beside " + others + " rows, " + shrink);
                        }
                    }
                }
            }
        }
    }

    private static GeneratedPiece alone(OnnxStepModel model, RowRequest row) {
        return new SamplingDecoder().decode(model, List.of(row), GenerationListener.NONE).get(0);
    }
}
