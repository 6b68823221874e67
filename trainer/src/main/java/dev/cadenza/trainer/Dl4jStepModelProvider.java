package dev.cadenza.trainer;

import java.io.IOException;
import java.util.Set;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModelProvider;

/** The {@code dl4j} backend: the trained network of a run folder ({@code spec.file()}), best checkpoint if any. */
public final class Dl4jStepModelProvider implements StepModelProvider {
    @Override
    public Set<String> names() {
        return Set.of("dl4j");
    }

    @Override
    public Dl4jStepModel open(BackendSpec spec) throws IOException {
        RunFolder folder = RunFolder.open(spec.file());
        Checkpoint which = folder.hasCheckpoint(Checkpoint.BEST) ? Checkpoint.BEST : Checkpoint.LAST;
        return new Dl4jStepModel(folder.loadNetwork(which), folder.shape());
    }
}
