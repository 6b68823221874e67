package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's generation loop: every row sampled in lockstep, one model call per step for the whole batch, on a
 * {@link DecodeBatch}. Results do not depend on the batch: row i with the same request gives the same piece alone.
 */
public final class SamplingDecoder implements Decoder {
    private final DecodeBatch.Shrink shrink;

    /** With the measured default, {@link DecodeBatch.Shrink#LAZY}. */
    public SamplingDecoder() {
        this(DecodeBatch.Shrink.LAZY);
    }

    /** With the given policy for finished rows (the benchmark measures all three). */
    public SamplingDecoder(DecodeBatch.Shrink shrink) {
        this.shrink = shrink;
    }

    @Override
    public List<GeneratedPiece> decode(StepModel model, List<RowRequest> rows, GenerationListener listener) {
        if (rows.isEmpty()) throw new IllegalArgumentException("nothing to generate: no rows");
        Map<RowRequest, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (position.put(rows.get(i), i) != null) {
                throw new IllegalArgumentException("row " + i + " is the same request object as an earlier row; make one per row");
            }
        }
        GeneratedPiece[] out = new GeneratedPiece[rows.size()];
        GenerationListener collect = new GenerationListener() {
            @Override
            public void primed(int n, int steps, long nanos) {
                listener.primed(n, steps, nanos);
            }

            @Override
            public void stepped(int n, long nanos) {
                listener.stepped(n, nanos);
            }

            @Override
            public void token(RowRequest row, int id, int at) {
                listener.token(row, id, at);
            }

            @Override
            public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
                out[position.get(row)] = piece;
                listener.finished(row, piece, reason);
            }
        };
        DecodeBatch batch = new DecodeBatch(model, shrink, collect);
        for (RowRequest row : rows) batch.admit(row);
        while (!batch.isEmpty()) batch.step();
        return new ArrayList<>(Arrays.asList(out));
    }
}
