package dev.cadenza.server.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.cadenza.runtime.generate.BatchGenerator;
import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.SamplingSettings;
import dev.cadenza.runtime.generate.StepModel;

/**
 * The offline batch loop the served figures are compared with: {@code cadenza generate}'s loop, in this process, at
 * the same batch size and length, with no HTTP and no scheduler.
 */
public final class OfflineReference {
    /** Tokens per second and the batch's time in milliseconds. */
    public record Figures(double tokensPerSecond, double millis) {
    }

    private OfflineReference() {
    }

    public static Figures run(StepModel model, int batch, int length, long seed) {
        List<int[]> primers = new ArrayList<>(Collections.nCopies(batch, Primers.start().ids()));
        BatchGenerator generator = new BatchGenerator(model);
        generator.generate(primers.subList(0, Math.min(batch, 2)), Math.min(length, 50), SamplingSettings.DEFAULT, seed, null);
        long t0 = System.nanoTime();
        List<GeneratedPiece> pieces = generator.generate(primers, length, SamplingSettings.DEFAULT, seed, null);
        long nanos = System.nanoTime() - t0;
        long tokens = 0;
        for (GeneratedPiece p : pieces) tokens += p.continuation().length;
        return new Figures(tokens * 1e9 / nanos, nanos / 1e6);
    }
}
