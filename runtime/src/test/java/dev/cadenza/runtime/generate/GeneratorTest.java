package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.BackendSpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The Generator on the shipped model, opened by backend name. */
class GeneratorTest {
    private static Generator open() throws Exception {
        return Generator.open(new ModelSpec(ShippedModel.FILE, "ort-cpu", Device.CPU, 1));
    }

    @Test
    void aRequestGivesDecodedPiecesTheSameAsRowsWithTheirOwnStreams() throws Exception {
        try (Generator g = open()) {
            GenerationRequest request = GenerationRequest.of(3, 60).withSeed(5).withTitle("t");
            GenerationResult result = g.generate(request);
            assertEquals(3, result.pieces().size());
            assertEquals("ort-cpu", result.backend());
            assertEquals(g.metadata().tempoBpm(), result.tempoBpm());
            // The request's own primers: <start> and, for a key-token model, each piece's key drawn from the seed.
            List<Primer> primers = g.primers(request);
            List<RowRequest> rows = new ArrayList<>();
            for (int i = 0; i < 3; i++) rows.add(RowRequest.of(i, primers.get(i).ids(), Sampling.DEFAULT, 5, 60));
            List<GeneratedPiece> direct = g.generate(rows, GenerationListener.NONE);
            for (int i = 0; i < 3; i++) {
                GenerationResult.Generated p = result.pieces().get(i);
                assertEquals(String.format("t-%02d", i + 1), p.title());
                assertArrayEquals(direct.get(i).continuation(), p.ids().continuation());
                // a key-normalised model writes in C or A minor; the piece is moved to its key
                assertEquals(primers.get(i).place(g.tokenizer().decode(p.title(), p.ids().allIds(), result.tempoBpm())), p.music());
            }
            assertEquals(result.pieces().stream().mapToLong(p -> p.ids().continuation().length).sum(), result.tokens());
        }
    }

    @Test
    void rowsWithDifferentSettingsShareOneBatchAndMatchTheirOwnRequests() throws Exception {
        try (Generator g = open()) {
            Sampling[] settings = {Sampling.GREEDY, new Sampling.Sampled(0.8, 20, 1), Sampling.DEFAULT};
            List<Primer> primers = g.primers(GenerationRequest.of(settings.length, 50).withSeed(9));
            List<RowRequest> rows = new ArrayList<>();
            for (int i = 0; i < settings.length; i++) rows.add(RowRequest.of(i, primers.get(i).ids(), settings[i], 9, 50));
            List<GeneratedPiece> mixed = g.generate(rows, GenerationListener.NONE);
            for (int i = 0; i < settings.length; i++) {
                GenerationResult alone = g.generate(GenerationRequest.of(i + 1, 50).withSeed(9).withSampling(settings[i]));
                assertArrayEquals(alone.pieces().get(i).ids().continuation(), mixed.get(i).continuation(), settings[i].describe());
            }
        }
    }

    @Test
    void anUnknownBackendNamesTheKnownOnesInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepModels.open(new BackendSpec("tpu", Path.of("x.onnx"), Device.CPU, 0)));
        assertEquals("unknown backend 'tpu' (known: ort, ort-cpu, ort-cpu-int8, ort-cuda)", e.getMessage());
        assertTrue(StepModels.names().containsAll(List.of("ort-cpu", "ort-cuda")));
    }

    @Test
    void aTempoOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.of(1, 10).withTempo(5.0));
    }
}
