package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.codec.SpecialTokens;
import org.junit.jupiter.api.Test;

/** The step engine, the decoder and per-row settings on the deterministic fake model. */
class DecodeBatchTest {
    static final int V = 24;
    static final int[] START = {SpecialTokens.START_ID};

    /** Collects what a batch reports. */
    static final class Recorder implements GenerationListener {
        final Map<RowRequest, GeneratedPiece> pieces = new HashMap<>();
        final Map<RowRequest, Finish> reasons = new HashMap<>();
        final Map<RowRequest, List<Integer>> tokens = new HashMap<>();
        int steps;
        int primings;

        @Override
        public void primed(int rows, int steps, long nanos) {
            primings++;
        }

        @Override
        public void stepped(int rows, long nanos) {
            steps++;
        }

        @Override
        public void token(RowRequest row, int id, int position) {
            List<Integer> list = tokens.computeIfAbsent(row, r -> new ArrayList<>());
            assertEquals(list.size(), position, "positions count up from 0");
            list.add(id);
        }

        @Override
        public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
            assertFalse(pieces.containsKey(row), "a row finishes once");
            pieces.put(row, piece);
            reasons.put(row, reason);
        }
    }

    private static GeneratedPiece alone(RowRequest row) {
        return new SamplingDecoder().decode(new FakeStepModel(V), List.of(row), GenerationListener.NONE).get(0);
    }

    private static RowRequest row(int index, Sampling sampling, int max) {
        return RowRequest.of(index, START, sampling, 11, max);
    }

    @Test
    void aRowGivesTheSamePieceAloneInABatchOrJoiningMidWay() {
        RowRequest target = row(3, Sampling.DEFAULT, 60);
        GeneratedPiece reference = alone(target);

        List<RowRequest> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) batch.add(i == 3 ? target : row(i, Sampling.DEFAULT, 60));
        GeneratedPiece inBatch = new SamplingDecoder().decode(new FakeStepModel(V), batch, GenerationListener.NONE).get(3);
        assertArrayEquals(reference.continuation(), inBatch.continuation());

        for (int[] primer : List.of(START, new int[] {SpecialTokens.START_ID, 7, 9})) {
            // Joins after others have run a few steps, with a primer of the same length as theirs or a different one.
            RowRequest joiner = RowRequest.of(3, primer, Sampling.DEFAULT, 11, 60);
            Recorder seen = new Recorder();
            DecodeBatch running = new DecodeBatch(new FakeStepModel(V), DecodeBatch.Shrink.LAZY, seen);
            for (int i = 0; i < 4; i++) running.admit(row(10 + i, new Sampling.Sampled(1.3, 0, 1), 200));
            for (int s = 0; s < 7; s++) running.step();
            assertTrue(running.growing() > 0, "the batch is still running when the row joins");
            running.admit(joiner);
            while (!running.isEmpty()) running.step();
            assertArrayEquals(alone(joiner).continuation(), seen.pieces.get(joiner).continuation(), "primer length " + primer.length);
            assertEquals(5, seen.pieces.size());
        }
    }

    @Test
    void rowsWithDifferentSamplingShareABatchAndEachKeepsItsOwn() {
        List<RowRequest> rows = List.of(row(0, Sampling.GREEDY, 40), row(1, new Sampling.Sampled(0.5, 3, 1), 40),
                row(2, new Sampling.Sampled(1.5, 0, 0.9), 40), row(3, Sampling.GREEDY, 25));
        List<GeneratedPiece> together = new SamplingDecoder().decode(new FakeStepModel(V), rows, GenerationListener.NONE);
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(alone(rows.get(i)).continuation(), together.get(i).continuation(), "row " + i);
        }
        // The greedy row follows the fake model's argmax at every step.
        FakeStepModel model = new FakeStepModel(V);
        float[] p = new float[V];
        int last = SpecialTokens.START_ID;
        int[] got = together.get(0).continuation();
        for (int k = 0; k < got.length; k++) {
            model.distribution(last, k + 1, p, 0);
            int best = -1;
            for (int id = 0; id < V; id++) if (TokenSampler.pickable(id) && (best < 0 || p[id] > p[best])) best = id;
            assertEquals(best, got[k], "token " + k);
            last = got[k];
        }
        assertTrue(together.get(3).continuation().length <= 25, "each row keeps its own limit");
    }

    @Test
    void cancellingFreesTheRowAndLeavesTheOthersAsTheyWere() {
        Recorder seen = new Recorder();
        FakeStepModel model = new FakeStepModel(V);
        DecodeBatch batch = new DecodeBatch(model, DecodeBatch.Shrink.EAGER, seen);
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(row(i, new Sampling.Sampled(1.0, 0, 1), 500));
            batch.admit(rows.get(i));
        }
        for (int s = 0; s < 3; s++) batch.step();
        assertEquals(3, batch.growing());
        assertTrue(batch.cancel(rows.get(1)));
        assertFalse(batch.cancel(rows.get(1)), "a cancelled row is gone");
        assertEquals(2, batch.growing());
        assertEquals(GenerationListener.Finish.CANCELLED, seen.reasons.get(rows.get(1)));
        assertEquals(3, seen.pieces.get(rows.get(1)).continuation().length);
        int callsBefore = model.callRows().size();
        batch.step();
        assertEquals(2, model.callRows().get(callsBefore), "EAGER: the next model call runs without the cancelled row");
        assertEquals(3, seen.tokens.get(rows.get(1)).size(), "no token after cancelling");
        while (!batch.isEmpty()) batch.step();
        for (int i : new int[] {0, 2}) {
            assertArrayEquals(alone(rows.get(i)).continuation(), seen.pieces.get(rows.get(i)).continuation(), "row " + i);
        }
        RowRequest queued = row(9, Sampling.DEFAULT, 10);
        batch.admit(queued);
        assertTrue(batch.cancel(queued), "a queued row can be cancelled before it runs");
        assertTrue(batch.isEmpty());
        assertEquals(0, seen.pieces.get(queued).continuation().length);
    }

    @Test
    void shrinkPoliciesGiveTheSamePiecesAndEndOrLimitStopsEachRow() {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) rows.add(row(i, Sampling.DEFAULT, 30 + i));
        List<GeneratedPiece> masked = new SamplingDecoder(DecodeBatch.Shrink.NEVER).decode(new FakeStepModel(V), rows, GenerationListener.NONE);
        int ended = 0;
        for (DecodeBatch.Shrink policy : DecodeBatch.Shrink.values()) {
            Recorder seen = new Recorder();
            List<GeneratedPiece> got = new SamplingDecoder(policy).decode(new FakeStepModel(V), rows, seen);
            for (int i = 0; i < rows.size(); i++) {
                GeneratedPiece p = got.get(i);
                assertArrayEquals(masked.get(i).continuation(), p.continuation(), policy + " row " + i);
                int[] ids = p.continuation();
                for (int k = 0; k < ids.length - 1; k++) assertFalse(ids[k] == SpecialTokens.END_ID, "END inside a piece");
                if (p.ended()) {
                    assertEquals(SpecialTokens.END_ID, ids[ids.length - 1]);
                    assertEquals(GenerationListener.Finish.END, seen.reasons.get(rows.get(i)));
                    ended++;
                } else {
                    assertEquals(30 + i, ids.length);
                    assertEquals(GenerationListener.Finish.LIMIT, seen.reasons.get(rows.get(i)));
                }
            }
            assertEquals(1, seen.primings, "same-length primers are fed in one call");
        }
        assertTrue(ended > 0, "the fake model ends some pieces");
    }

    @Test
    void oneModelCallPerStepForTheWholeBatchAndStatesGrowOnlyWhenRowsJoin() {
        FakeStepModel model = new FakeStepModel(V);
        Recorder seen = new Recorder();
        DecodeBatch batch = new DecodeBatch(model, DecodeBatch.Shrink.NEVER, seen);
        for (int i = 0; i < 5; i++) batch.admit(row(i, Sampling.GREEDY, 1000));
        batch.step();
        assertEquals(List.of(5, 5), model.callRows(), "one priming call, then one step call for all five rows");
        for (int s = 0; s < 3; s++) batch.step();
        assertEquals(4, seen.steps);
        assertEquals(5, batch.stateRows());
        batch.admit(RowRequest.of(5, new int[] {SpecialTokens.START_ID, 8}, Sampling.GREEDY, 1, 1000));
        batch.step();
        assertEquals(6, batch.stateRows());
    }

    @Test
    void aJoiningRowTakesAFinishedRowsPlaceAndAPrimerSeenBeforeCostsNoModelCall() {
        FakeStepModel model = new FakeStepModel(V);
        Recorder seen = new Recorder();
        DecodeBatch batch = new DecodeBatch(model, DecodeBatch.Shrink.NEVER, seen);
        // Row 0 stops after 3 tokens and rides along; rows 1-3 keep growing.
        batch.admit(row(0, Sampling.GREEDY, 3));
        for (int i = 1; i < 4; i++) batch.admit(row(i, new Sampling.Sampled(1.2, 0, 1), 500));
        for (int s = 0; s < 4; s++) batch.step();
        assertEquals(3, batch.growing());
        assertEquals(4, batch.stateRows());

        List<RowRequest> joiners = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            RowRequest joiner = RowRequest.of(20 + j, START, new Sampling.Sampled(1.1, 0, 1), 40 + j, 30);
            joiners.add(joiner);
            int primingsBefore = seen.primings;
            batch.admit(joiner);
            batch.step();
            assertEquals(4 + j, batch.stateRows(), "the first joiner reuses the finished row; later ones grow the batch");
            // START was primed once, for the fresh batch; a joiner with the same primer is served from the cache
            // except the first time it joins a running batch (a batch-1 priming).
            assertEquals(j == 0 ? primingsBefore + 1 : primingsBefore, seen.primings, "joiner " + j);
            batch.step();
        }
        while (!batch.isEmpty()) batch.step();
        for (RowRequest joiner : joiners) {
            assertArrayEquals(alone(joiner).continuation(), seen.pieces.get(joiner).continuation(), "row " + joiner.index());
        }
    }

    @Test
    void aStableBatchAllocatesAlmostNothingPerStep() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
        // Greedy rows on a model whose argmax never ends: nothing finishes, nothing re-shapes.
        DecodeBatch batch = new DecodeBatch(new NeverEnding(V), DecodeBatch.Shrink.LAZY, GenerationListener.NONE);
        for (int i = 0; i < 16; i++) batch.admit(row(i, Sampling.GREEDY, 20_000));
        for (int s = 0; s < 2000; s++) batch.step(); // warm up the JIT
        long before = sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        int steps = 10_000;
        for (int s = 0; s < steps; s++) batch.step();
        long perStep = (sun.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / steps;
        assertTrue(perStep < 64, perStep + " bytes per step");
        assertEquals(16, batch.growing());
    }

    /** Always most likely token 4, never END: a batch that never changes shape. */
    static final class NeverEnding implements StepModel {
        private final int vocabulary;

        NeverEnding(int vocabulary) {
            this.vocabulary = vocabulary;
        }

        @Override
        public int vocabularySize() {
            return vocabulary;
        }

        @Override
        public ModelState newState(int rows) {
            return new FakeStepModel.State(rows);
        }

        @Override
        public void run(long[] tokens, int steps, ModelState state, float[] probs) {
            for (int i = 0, n = state.rows() * steps; i < n; i++) {
                for (int id = 0; id < vocabulary; id++) probs[i * vocabulary + id] = id == 4 ? 0.5f : 0.5f / (vocabulary - 1);
            }
        }

        @Override
        public String backendName() {
            return "never-ending";
        }

        @Override
        public void close() {
        }
    }

    /** The fake model, recording how many rows x steps each call fed. */
    static final class Metered implements StepModel {
        final FakeStepModel fake;
        final List<long[]> calls = new ArrayList<>(); // {rows, steps}

        Metered(int vocabulary) {
            fake = new FakeStepModel(vocabulary);
        }

        @Override
        public int vocabularySize() {
            return fake.vocabularySize();
        }

        @Override
        public ModelState newState(int rows) {
            return fake.newState(rows);
        }

        @Override
        public void run(long[] tokens, int steps, ModelState state, float[] probs) {
            calls.add(new long[] {state.rows(), steps});
            fake.run(tokens, steps, state, probs);
        }

        long largestCallFloats() {
            long most = 0;
            for (long[] c : calls) most = Math.max(most, c[0] * c[1] * vocabularySize());
            return most;
        }

        @Override
        public String backendName() {
            return "metered";
        }

        @Override
        public void close() {
        }
    }

    private static int[] longPrimer(int tokens) {
        int[] primer = new int[tokens];
        primer[0] = SpecialTokens.START_ID;
        for (int i = 1; i < tokens; i++) primer[i] = 4 + (i * 7) % (V - 4);
        return primer;
    }

    @Test
    void aHugePrimerForManyRowsIsFedInBoundedCallsWithoutOverflow() {
        // 130,000 primer tokens x 42 rows x a 400-token vocabulary is 2.2e9 floats: more than an int can count.
        int vocabulary = 400;
        Metered model = new Metered(vocabulary);
        int[] primer = new int[130_000];
        primer[0] = SpecialTokens.START_ID;
        for (int i = 1; i < primer.length; i++) primer[i] = 4 + (i * 13) % (vocabulary - 4);
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < 42; i++) rows.add(RowRequest.of(i, primer, Sampling.DEFAULT, 5 + i, 1));
        List<GeneratedPiece> pieces = new SamplingDecoder().decode(model, rows, GenerationListener.NONE);
        assertEquals(42, pieces.size());
        for (GeneratedPiece p : pieces) assertEquals(1, p.continuation().length);
        assertTrue(model.largestCallFloats() <= DecodeBatch.PRIME_FLOATS, model.largestCallFloats() + " floats in one call");
        long primerSteps = model.calls.stream().filter(c -> c[1] > 1).mapToLong(c -> c[0] * c[1]).sum();
        assertEquals(primer.length, primerSteps, "rows with one primer share its feeding");
    }

    @Test
    void aLongPrimerIsFedInSlicesWhileTheRunningRowsKeepStepping() {
        Recorder seen = new Recorder();
        Metered model = new Metered(V);
        DecodeBatch batch = new DecodeBatch(model, DecodeBatch.Shrink.LAZY, seen);
        List<RowRequest> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(RowRequest.of(i, START, new Sampling.Sampled(1.0, 0, 1), 7 + i, 400));
            batch.admit(running.get(i));
        }
        for (int s = 0; s < 3; s++) batch.step();
        int[] primer = longPrimer(10 * DecodeBatch.PRIME_SLICE + 17);
        RowRequest joiner = RowRequest.of(9, primer, Sampling.DEFAULT, 3, 30);
        batch.admit(joiner);
        int[] before = new int[3];
        for (int i = 0; i < 3; i++) before[i] = seen.tokens.get(running.get(i)).size();
        int callsBefore = model.calls.size();
        int steps = 0;
        while (!seen.tokens.containsKey(joiner)) {
            batch.step();
            steps++;
            assertTrue(steps <= primer.length, "the primer is fed within as many steps as it has tokens");
        }
        for (int i = 0; i < 3; i++) {
            RowRequest r = running.get(i);
            if (!seen.pieces.containsKey(r)) assertEquals(before[i] + steps, seen.tokens.get(r).size(), "row " + i + " got a token at every step");
        }
        for (long[] c : model.calls.subList(callsBefore, model.calls.size())) {
            assertTrue(c[1] <= DecodeBatch.PRIME_SLICE, "a call fed " + c[1] + " steps");
        }
        while (!batch.isEmpty()) batch.step();
        assertArrayEquals(alone(joiner).continuation(), seen.pieces.get(joiner).continuation(), "the same piece as alone");

        // A row cancelled while its primer is fed leaves at once.
        RowRequest late = RowRequest.of(10, primer, Sampling.DEFAULT, 4, 30);
        batch.admit(late);
        batch.step();
        assertTrue(batch.cancel(late));
        assertTrue(batch.isEmpty());
        assertEquals(GenerationListener.Finish.CANCELLED, seen.reasons.get(late));
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        DecodeBatch batch = new DecodeBatch(new FakeStepModel(V));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batch.admit(RowRequest.of(0, new int[] {V + 3}, Sampling.DEFAULT, 0, 5)));
        assertTrue(e.getMessage().contains("outside the vocabulary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowRequest.of(0, new int[0], Sampling.DEFAULT, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> RowRequest.of(0, START, Sampling.DEFAULT, 0, 0));
    }
}
