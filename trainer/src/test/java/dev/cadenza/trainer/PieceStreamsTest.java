package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Training on whole pieces: every token once an epoch, each piece's windows in order, each continuing the last. */
class PieceStreamsTest {
    /** Streams of different lengths; the values only need to be ids below the vocabulary. */
    private static List<int[]> streams() {
        List<int[]> out = new ArrayList<>();
        int[] lengths = {50, 17, 120, 33, 9, 64, 2};
        for (int n : lengths) {
            int[] s = new int[n];
            for (int i = 0; i < n; i++) s[i] = 4 + (i * 7 + n) % 20;
            out.add(s);
        }
        return out;
    }

    @Test
    void everyTargetOnceAnEpochEachRowContinuingItsPieceWhereThePreviousBatchStopped() {
        List<int[]> streams = streams();
        PieceStreams pieces = new PieceStreams(streams, 16, 24, null, null);
        List<List<PieceStreams.Row>> plan = pieces.plan(42L, 3, 3);
        Map<Integer, Integer> next = new HashMap<>(); // stream -> where its next window must start
        long targets = 0;
        List<PieceStreams.Row> previous = List.of();
        for (List<PieceStreams.Row> batch : plan) {
            assertTrue(batch.size() <= 3 && !batch.isEmpty());
            for (PieceStreams.Row r : batch) {
                assertEquals(next.getOrDefault(r.stream(), 0), r.start(), "stream " + r.stream() + " read in order, no gap");
                if (r.start() == 0) {
                    assertEquals(-1, r.from(), "a piece starts from a zero state");
                } else {
                    PieceStreams.Row before = previous.get(r.from());
                    assertEquals(r.stream(), before.stream(), "the state comes from the same piece's previous window");
                    assertEquals(r.start(), before.start() + before.length());
                }
                assertTrue(r.length() <= 16 && r.length() >= 1);
                next.put(r.stream(), r.start() + r.length());
                targets += r.length();
            }
            previous = batch;
        }
        for (int s = 0; s < streams.size(); s++) assertEquals(streams.get(s).length - 1, next.get(s), "stream " + s + " read to its end");
        assertEquals(streams.stream().mapToLong(s -> s.length - 1).sum(), targets);
        // the same plan for the same seed and epoch (what --resume relies on), another order for another epoch
        assertEquals(plan, pieces.plan(42L, 3, 3));
        assertNotEquals(plan, pieces.plan(42L, 4, 3));
    }

    @Test
    void aBatchHoldsEachRowsOwnTokensAndMasksOnlyTheEndOfAPiece() {
        List<int[]> streams = streams();
        PieceStreams pieces = new PieceStreams(streams, 16, 24, null, null);
        for (List<PieceStreams.Row> rows : pieces.plan(1L, 0, 4)) {
            org.nd4j.linalg.dataset.DataSet ds = pieces.batch(rows);
            float[] in = ds.getFeatures().dup('c').data().asFloat();
            float[] labels = ds.getLabels().dup('c').data().asFloat();
            for (int i = 0; i < rows.size(); i++) {
                PieceStreams.Row r = rows.get(i);
                int[] s = streams.get(r.stream());
                for (int t = 0; t < r.length(); t++) {
                    assertEquals(s[r.start() + t], (int) in[i * 16 + t]);
                    assertEquals(1f, labels[(i * 24 + s[r.start() + t + 1]) * 16 + t]);
                }
                if (r.length() < 16) {
                    assertEquals(0f, ds.getLabelsMaskArray().getFloat(i, r.length()), "padding is not a target");
                    assertEquals(r.start() + r.length(), s.length - 1, "only a piece's last window is short");
                }
            }
        }
    }
}
