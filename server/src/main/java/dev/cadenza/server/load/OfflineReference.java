package dev.cadenza.server.load;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.GenerationListener;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.RowRequest;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.SamplingDecoder;
import dev.cadenza.runtime.spi.StepModel;

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

    /** The median of three runs of the batch: one run alone swung by a third on a quiet machine. */
    public static Figures run(StepModel model, int batch, int length, long seed) {
        SamplingDecoder decoder = new SamplingDecoder();
        decoder.decode(model, rows(Math.min(batch, 2), Math.min(length, 50), seed), GenerationListener.NONE);
        List<RowRequest> rows = rows(batch, length, seed);
        Figures[] runs = new Figures[3];
        for (int r = 0; r < runs.length; r++) {
            long t0 = System.nanoTime();
            List<GeneratedPiece> pieces = decoder.decode(model, rows, GenerationListener.NONE);
            long nanos = System.nanoTime() - t0;
            long tokens = 0;
            for (GeneratedPiece p : pieces) tokens += p.continuation().length;
            runs[r] = new Figures(tokens * 1e9 / nanos, nanos / 1e6);
        }
        java.util.Arrays.sort(runs, java.util.Comparator.comparingDouble(Figures::tokensPerSecond));
        return runs[1];
    }

    /** As {@code cadenza generate --count batch --seed seed --length length}: piece i is request seed's piece i. */
    private static List<RowRequest> rows(int batch, int length, long seed) {
        List<RowRequest> rows = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) rows.add(RowRequest.of(i, Primers.start().ids(), Sampling.DEFAULT, seed, length));
        return rows;
    }
}
