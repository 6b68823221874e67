package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * A batch of sequences growing together through one {@link StepModel}, driven one step at a time: the engine under
 * {@link SamplingDecoder} and under a server's continuous batching. Rows join ({@link #admit}) and leave (END, their
 * limit, or {@link #cancel}) between steps; each {@link #step} makes one model call for all rows and samples one token
 * per row with that row's own {@link Sampling} and random stream, so a row's piece is the same alone, in a batch, or
 * joining a running batch. A row also stops at its {@link TimeLimit} in music, and follows its no-repeat n-gram rule.
 * Events go to a {@link GenerationListener}.
 *
 * <p>Joining rows are primed at the start of the next step. A fresh batch primes all its rows in one call; a row joining
 * a running batch gets its primer's state from a batch-1 call, kept for the next row with the same short primer
 * (every request without a primer of its own starts from the same state), and takes the place of a finished row
 * when one rides along, so the batch keeps its shape. A row that finished can ride along (masked: computed, ignored)
 * or leave at once; compacting saves arithmetic but costs new tensors for the new shape, hence the {@link Shrink}
 * policy. A stable batch allocates next to nothing per step: arrays are reused and grow only with the batch.
 *
 * <p>Priming runs in bounded memory and bounded time per step. A primer longer than {@link #PRIME_SLICE} tokens (a
 * client's own MIDI, which may be a whole piece) is fed {@code PRIME_SLICE} tokens per step, on a batch-1 state of its
 * own and shared by every row with the same primer, while the other rows keep stepping; its rows join once it is
 * fed. Every priming call's probabilities fit in {@link #PRIME_FLOATS} floats, so no primer length or row count can
 * make one huge array, and the arithmetic of sizes is done in {@code long}.
 *
 * <p>Not thread-safe: one thread drives a batch (admit and cancel from that thread, between steps).
 */
public final class DecodeBatch {
    /** When finished rows leave the state. */
    public enum Shrink {
        /** As soon as one row finishes. */
        EAGER,
        /** Once a quarter of the rows are finished: few re-shapes, little wasted arithmetic (the default). */
        LAZY,
        /** Never: finished rows are computed to the end and ignored (masking); new rows still compact. */
        NEVER
    }

    /** A row's progress. */
    private static final class Row {
        final RowRequest request;
        final TokenSampler sampler;
        final RowRules rules;
        final int[] out;
        int produced;
        boolean done;
        Primed primedBySlices; // the state a long primer was fed into, slice by slice; null for short primers

        Row(RowRequest request, int vocabulary) {
            this.request = request;
            this.sampler = new TokenSampler(request.sampling(), vocabulary, request.seed());
            this.rules = new RowRules(request, vocabulary);
            this.out = new int[request.maxTokens()];
        }
    }

    private final StepModel model;
    private final Shrink shrink;
    private final GenerationListener listener;
    private final int vocabulary;
    private final List<Row> pending = new ArrayList<>();
    private Row[] rows = new Row[0]; // rows[r] is the row in state row r
    private int active; // rows in the state
    private int growing; // rows in the state still growing
    private int riding; // finished rows still in the state
    private ModelState state;
    private float[] probs = new float[0]; // [active, vocabulary]: each row's next-token distribution
    private long[] tokens = new long[0];
    /** Primed states of recent short primers, least recently used first out. */
    private final java.util.Map<PrimerKey, Primed> primed = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<PrimerKey, Primed> eldest) {
            return size() > CACHED_PRIMERS;
        }
    };
    private static final int CACHED_PRIMERS = 32;
    private static final int CACHED_PRIMER_TOKENS = 16;
    /**
     * Most primer tokens one step feeds for rows still priming. While other rows grow, a slice is sized so that it takes
     * about as long as one of their steps (each primer token costs about a step at batch 1): a long primer then at most
     * doubles its neighbours' step time instead of stopping them for the seconds the whole primer takes. Alone, a
     * primer is fed this many tokens per call. Slicing never changes a piece: the state after a primer is the same
     * whatever the slices ({@code SlicedPrimingTest}).
     */
    public static final int PRIME_SLICE = 128;
    /** Nanoseconds per primer token and per batch step, measured as the batch runs (0: not measured yet). */
    private double nanosPerPrimeToken;
    private long lastStepNanos;
    /** Most floats one priming call's probabilities may take (16 MiB). */
    static final long PRIME_FLOATS = 1L << 22;
    /** Long primers being fed, first come first fed; each is shared by the rows with that primer. */
    private final java.util.Map<PrimerKey, Slicing> slicing = new java.util.LinkedHashMap<>();
    private float[] sliceProbs = new float[0];

    /** A batch with the {@link Shrink#LAZY} policy and no listener. */
    public DecodeBatch(StepModel model) {
        this(model, Shrink.LAZY, GenerationListener.NONE);
    }

    /**
     * @param model    the model every row runs through (not closed by the batch)
     * @param shrink   when finished rows leave the state
     * @param listener hears every priming, step, token and finished row (null: nobody)
     */
    public DecodeBatch(StepModel model, Shrink shrink, GenerationListener listener) {
        this.model = model;
        this.shrink = shrink;
        this.listener = listener == null ? GenerationListener.NONE : listener;
        this.vocabulary = model.vocabularySize();
    }

    /**
     * Queues a row; it is primed and gets its first token at the next {@link #step}.
     *
     * @throws IllegalArgumentException when a primer id is outside the model's vocabulary
     */
    public void admit(RowRequest request) {
        for (int id : request.primer()) {
            if (id < 0 || id >= vocabulary) throw new IllegalArgumentException("primer id " + id + " is outside the vocabulary");
        }
        Row row = new Row(request, vocabulary);
        if (request.primer().length <= PRIME_SLICE) {
            pending.add(row);
        } else {
            slicing.computeIfAbsent(new PrimerKey(request.primer()), k -> new Slicing(k.ids())).rows.add(row);
        }
    }

    /**
     * Stops a row (matched by identity) that is still queued or growing; its piece so far is reported finished with
     * {@link GenerationListener.Finish#CANCELLED}.
     *
     * @return false when the row is not in this batch or has already finished
     */
    public boolean cancel(RowRequest request) {
        for (var it = slicing.values().iterator(); it.hasNext(); ) {
            Slicing s = it.next();
            for (int i = 0; i < s.rows.size(); i++) {
                if (s.rows.get(i).request == request) {
                    finish(s.rows.remove(i), GenerationListener.Finish.CANCELLED);
                    if (s.rows.isEmpty()) it.remove(); // nobody waits for this primer any more
                    return true;
                }
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).request == request) {
                finish(pending.remove(i), GenerationListener.Finish.CANCELLED);
                return true;
            }
        }
        for (int r = 0; r < active; r++) {
            Row row = rows[r];
            if (row.request == request && !row.done) {
                retire(row, GenerationListener.Finish.CANCELLED);
                return true;
            }
        }
        return false;
    }

    /** Rows still to grow: queued (priming included) plus growing. */
    public int growing() {
        int priming = 0;
        for (Slicing s : slicing.values()) priming += s.rows.size();
        return growing + pending.size() + priming;
    }

    /** Rows in the model state (growing plus finished ones riding along until the next compaction). */
    public int stateRows() {
        return active;
    }

    /** True when no row is queued or growing: {@link #step} would do nothing. */
    public boolean isEmpty() {
        return growing() == 0;
    }

    /** Primes joining rows, samples one token for every growing row, then runs the model once for the next step. */
    public void step() {
        if (!slicing.isEmpty()) feedSlice();
        if (!pending.isEmpty()) join();
        for (int r = 0; r < active; r++) {
            Row row = rows[r];
            if (row.done) continue;
            int id = row.rules.draw(row.sampler, probs, r * vocabulary, row.request.primer(), row.out, row.produced);
            int at = row.produced;
            row.out[row.produced++] = id;
            listener.token(row.request, id, at);
            GenerationListener.Finish stop = row.rules.stopAfter(id, row.produced);
            if (stop != null) retire(row, stop);
        }
        if (growing == 0) {
            // Nothing left to run: drop the state so that rows joining later start a fresh batch.
            Arrays.fill(rows, 0, active, null);
            active = 0;
            riding = 0;
            state = null;
            return;
        }
        if (riding >= shrinkAt(active)) compact();
        for (int r = 0; r < active; r++) {
            Row row = rows[r];
            tokens[r] = row.done ? SpecialTokens.END_ID : row.out[row.produced - 1];
        }
        long t = System.nanoTime();
        model.run(tokens, 1, state, probs);
        lastStepNanos = System.nanoTime() - t;
        listener.stepped(active, lastStepNanos);
    }

    private int shrinkAt(int n) {
        return switch (shrink) {
            case EAGER -> 1;
            case LAZY -> Math.max(1, n / 4);
            case NEVER -> Integer.MAX_VALUE;
        };
    }

    private void retire(Row row, GenerationListener.Finish reason) {
        row.done = true;
        growing--;
        riding++;
        finish(row, reason);
    }

    private void finish(Row row, GenerationListener.Finish reason) {
        GeneratedPiece piece = new GeneratedPiece(row.request.index(), row.request.primer(),
                Arrays.copyOf(row.out, row.produced), reason == GenerationListener.Finish.END);
        listener.finished(row.request, piece, reason);
    }

    /** Keeps the growing rows only, in order. */
    private void compact() {
        int[] keep = new int[growing];
        int k = 0;
        for (int r = 0; r < active; r++) {
            if (!rows[r].done) {
                keep[k] = r;
                rows[k++] = rows[r];
            }
        }
        Arrays.fill(rows, k, active, null);
        state = state.select(keep);
        active = k;
        riding = 0;
    }

    /** Brings the queued rows into the state, each with its first distribution in {@link #probs}. */
    private void join() {
        int n = pending.size();
        int steps = pending.get(0).request.primer().length;
        boolean sameLength = pending.stream().allMatch(p -> p.primedBySlices == null && p.request.primer().length == steps);
        if (active == 0 && sameLength) {
            // A fresh batch whose primers line up: one call straight into the batch state.
            ensureCapacity(n);
            state = model.newState(n);
            primeTogether(state, 0);
            for (int i = 0; i < n; i++) rows[i] = pending.get(i);
            active = n;
            growing = n;
            riding = 0;
        } else if (n <= riding) {
            joinIntoFreeRows();
        } else {
            joinByGrowing();
        }
        pending.clear();
    }

    /**
     * Joins a running batch without changing its shape: each joining row takes the place of a finished row riding
     * along, and its primed state comes from {@link #primed} (no model call for a primer seen before). A server
     * admits a request or two at most steps, so this is its common case.
     */
    private void joinIntoFreeRows() {
        int r = 0;
        for (Row row : pending) {
            while (!rows[r].done) r++;
            Primed p = primed(row);
            state.setRow(r, p.state(), 0);
            System.arraycopy(p.probs(), 0, probs, r * vocabulary, vocabulary);
            rows[r++] = row;
        }
        growing += pending.size();
        riding -= pending.size();
    }

    /** Joins by making a larger state: the growing rows are kept in order (finished ones leave), joiners follow. */
    private void joinByGrowing() {
        int n = pending.size();
        int kept = growing;
        ensureCapacity(kept + n);
        ModelState grown = model.newState(kept + n);
        int k = 0;
        for (int r = 0; r < active; r++) {
            if (rows[r].done) continue;
            grown.setRow(k, state, r);
            System.arraycopy(probs, r * vocabulary, probs, k * vocabulary, vocabulary);
            rows[k++] = rows[r];
        }
        for (int i = 0; i < n; i++) {
            Primed p = primed(pending.get(i));
            grown.setRow(k + i, p.state(), 0);
            System.arraycopy(p.probs(), 0, probs, (k + i) * vocabulary, vocabulary);
            rows[k + i] = pending.get(i);
        }
        state = grown;
        active = kept + n;
        growing = active;
        riding = 0;
    }

    /**
     * A row's primed state and first distribution: fed slice by slice already for a long primer; else from one batch-1
     * call (at most {@link #PRIME_SLICE} tokens), then from the cache while it holds them.
     */
    private Primed primed(Row row) {
        if (row.primedBySlices != null) return row.primedBySlices;
        int[] primer = row.request.primer();
        PrimerKey key = new PrimerKey(primer);
        Primed p = primed.get(key);
        if (p != null) return p;
        ModelState one = model.newState(1);
        long[] feed = new long[primer.length];
        for (int s = 0; s < primer.length; s++) feed[s] = primer[s];
        float[] all = new float[primer.length * vocabulary];
        long t = System.nanoTime();
        model.run(feed, primer.length, one, all);
        listener.primed(1, primer.length, System.nanoTime() - t);
        p = new Primed(one, Arrays.copyOfRange(all, (primer.length - 1) * vocabulary, primer.length * vocabulary));
        // Long primers (a client's own MIDI) are rarely repeated; the short ones (START, START plus a key) always are.
        if (primer.length <= CACHED_PRIMER_TOKENS) primed.put(key, p);
        return p;
    }

    /** A primed row: its state (one row, never written to after priming) and its first next-token distribution. */
    private record Primed(ModelState state, float[] probs) {
    }

    /** A primer's ids, compared by content. */
    private record PrimerKey(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PrimerKey k && Arrays.equals(ids, k.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    /**
     * Feeds all queued primers (one length, at most {@link #PRIME_SLICE}) on {@code target}, in as few calls as
     * {@link #PRIME_FLOATS} allows; their distributions go to rows from {@code at}.
     */
    private void primeTogether(ModelState target, int at) {
        int n = pending.size();
        int steps = pending.get(0).request.primer().length;
        int chunk = chunkSteps(n, steps);
        long[] feed = new long[n * chunk];
        float[] all = scratch((long) n * chunk * vocabulary);
        for (int from = 0; from < steps; from += chunk) {
            int k = Math.min(chunk, steps - from);
            for (int i = 0; i < n; i++) {
                int[] p = pending.get(i).request.primer();
                for (int s = 0; s < k; s++) feed[i * k + s] = p[from + s];
            }
            long t = System.nanoTime();
            model.run(feed, k, target, all);
            listener.primed(n, k, System.nanoTime() - t);
            if (from + k == steps) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(all, (i * k + k - 1) * vocabulary, probs, (at + i) * vocabulary, vocabulary);
                }
            }
        }
    }

    /** Steps per priming call of {@code rows} rows so that its probabilities fit in {@link #PRIME_FLOATS}. */
    private int chunkSteps(int rows, int steps) {
        long fit = PRIME_FLOATS / Math.max(1L, (long) rows * vocabulary);
        return (int) Math.max(1, Math.min(steps, fit));
    }

    /** The reused array for priming probabilities, grown to {@code floats} (bounded by the callers). */
    private float[] scratch(long floats) {
        if (floats > Integer.MAX_VALUE - 8) throw new IllegalStateException("a priming call of " + floats + " floats");
        if (sliceProbs.length < floats) sliceProbs = new float[(int) floats];
        return sliceProbs;
    }

    /** A long primer being fed one slice per step into its own batch-1 state, and the rows waiting for it. */
    private static final class Slicing {
        final int[] primer;
        final List<Row> rows = new ArrayList<>();
        ModelState state;
        int fed;

        Slicing(int[] primer) {
            this.primer = primer;
        }
    }

    /** Primer tokens for this step's slice: all it may take alone, about one neighbours' step's worth among others. */
    private int sliceTokens() {
        if (growing == 0 || lastStepNanos == 0) return PRIME_SLICE;
        if (nanosPerPrimeToken == 0) return 8; // a first, small slice measures the cost of a primer token
        return (int) Math.max(1, Math.min(PRIME_SLICE, Math.round(lastStepNanos / nanosPerPrimeToken)));
    }

    /** Feeds the oldest long primer its next slice; once fed, its rows join at this step. */
    private void feedSlice() {
        var it = slicing.values().iterator();
        Slicing s = it.next();
        if (s.state == null) s.state = model.newState(1);
        int k = Math.min(sliceTokens(), s.primer.length - s.fed);
        long[] feed = new long[k];
        for (int i = 0; i < k; i++) feed[i] = s.primer[s.fed + i];
        float[] all = scratch((long) k * vocabulary);
        long t = System.nanoTime();
        model.run(feed, k, s.state, all);
        long took = System.nanoTime() - t;
        listener.primed(1, k, took);
        double perToken = (double) took / k;
        nanosPerPrimeToken = nanosPerPrimeToken == 0 ? perToken : 0.8 * nanosPerPrimeToken + 0.2 * perToken;
        s.fed += k;
        if (s.fed < s.primer.length) return;
        it.remove();
        Primed p = new Primed(s.state, Arrays.copyOfRange(all, (k - 1) * vocabulary, k * vocabulary));
        for (Row row : s.rows) {
            row.primedBySlices = p;
            pending.add(row);
        }
    }

    private void ensureCapacity(int n) {
        if (rows.length < n) rows = Arrays.copyOf(rows, n);
        if (tokens.length < n) tokens = new long[n];
        if (probs.length < n * vocabulary) probs = Arrays.copyOf(probs, n * vocabulary);
    }
}
