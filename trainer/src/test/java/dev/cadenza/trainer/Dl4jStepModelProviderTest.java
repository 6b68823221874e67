package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.generate.StepModels;
import dev.cadenza.runtime.generate.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dl4j backend is found by name through its service registration and opens a run's network. */
class Dl4jStepModelProviderTest {
    @TempDir
    Path dir;

    @Test
    void dl4jOpensByNameAndRunsTheRunsNetwork() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSession session = TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), dir.resolve("run"));
        session.train(new Trainer(), TrainingListener.NONE);
        assertTrue(StepModels.names().contains("dl4j"), StepModels.names().toString());
        int v = session.data().vocabulary().size();
        long[] tokens = {1, 5, 6};
        float[] byName = new float[3 * v];
        float[] direct = new float[3 * v];
        try (StepModel m = StepModels.open(new BackendSpec("dl4j", dir.resolve("run"), Device.CPU, 1))) {
            assertEquals("dl4j", m.backendName());
            assertEquals(v, m.vocabularySize());
            m.run(tokens, 3, m.newState(1), byName);
        }
        RunFolder run = RunFolder.open(dir.resolve("run"));
        Checkpoint which = run.hasCheckpoint(Checkpoint.BEST) ? Checkpoint.BEST : Checkpoint.LAST;
        try (Dl4jStepModel m = new Dl4jStepModel(run.loadNetwork(which), run.shape())) {
            m.run(tokens, 3, m.newState(1), direct);
        }
        assertArrayEquals(direct, byName, 1e-6f);
    }
}
