package dev.cadenza.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.generate.BatchGenerator.Shrink;
import dev.cadenza.runtime.generate.LstmState;
import dev.cadenza.runtime.generate.StepModel;
import dev.cadenza.runtime.generate.TokenSampler;

/**
 * The one thread that owns the step model and batches every request step by step (iteration-level batching).
 *
 * <p>Each turn of its loop: waiting requests are admitted into free rows (up to {@code maxBatch}); every row samples
 * its next token from its own random stream and publishes it to its request; finished, cancelled and expired rows
 * leave; then one model call advances all remaining rows by one step. A request therefore joins at the very next
 * step and nobody waits for the longest piece in the batch.
 *
 * <p>The batch's tensors change shape only when they must: a leaving row becomes a hole (computed, ignored) that the
 * next joining row fills; the tensors grow when joining rows do not fit in the holes, and shrink by the
 * {@link Shrink} policy (lazily, once a quarter of the rows are holes, by default). A piece's tokens depend only on
 * its own primer, settings and random stream, never on its neighbours: the same request gives the same piece as
 * {@code cadenza generate}.
 */
public final class Scheduler implements AutoCloseable {
    private final StepModel model;
    private final int vocabulary;
    private final int maxBatch;
    private final Batching batching;
    private final Shrink shrink;
    private final long batchDelayNanos;
    private final LinkedBlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    /** Jobs submitted and not yet admitted or dropped (the carried one included): what --queue bounds. */
    private final AtomicInteger queued = new AtomicInteger();
    private final int queueLimit;
    private final ServerMetrics metrics;
    private final Thread thread;

    /** The state and first probabilities of a piece that starts from START, computed once: every such row copies them. */
    private final LstmState startState;
    private final float[] startProbs;

    private LstmState state;
    private Row[] rows = new Row[0];
    private float[] probs = new float[0];
    private long[] tokens = new long[0];
    private int occupied;
    private final List<Job> active = new ArrayList<>();
    /** A request taken from the queue that did not fit yet: it goes first next time (no overtaking). */
    private Job carried;

    private volatile boolean stopping;
    private volatile int activeRows;
    private volatile int capacity;
    private long windowStart = System.nanoTime();
    private long windowTokens;

    /** One growing piece in the batch. */
    private static final class Row {
        final Job job;
        final int piece;
        final TokenSampler sampler;

        Row(Job job, int piece, TokenSampler sampler) {
            this.job = job;
            this.piece = piece;
            this.sampler = sampler;
        }
    }

    public Scheduler(StepModel model, int maxBatch, int queue, Batching batching, Shrink shrink, long batchDelayNanos,
                     java.util.function.Function<Scheduler, ServerMetrics> metricsFactory) {
        this.model = model;
        this.vocabulary = model.vocabularySize();
        this.maxBatch = maxBatch;
        this.batching = batching;
        this.shrink = shrink;
        this.batchDelayNanos = batchDelayNanos;
        if (queue < 1) throw new IllegalArgumentException("the queue must hold at least 1 request, got " + queue);
        this.queueLimit = queue;
        this.metrics = metricsFactory.apply(this);
        this.startState = model.newState(1);
        this.startProbs = new float[vocabulary];
        model.run(new long[] {SpecialTokens.START_ID}, 1, startState, startProbs);
        this.thread = new Thread(this::loop, "cadenza-scheduler");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a job; false at once when {@code queue} jobs already wait (the caller answers 429). Never blocks. */
    public boolean submit(Job job) {
        if (stopping) return false;
        while (true) {
            int n = queued.get();
            if (n >= queueLimit) return false;
            if (queued.compareAndSet(n, n + 1)) break;
        }
        waiting.add(job);
        return true;
    }

    /** Drops a job that ended while it waited (its HTTP thread gave up), so it holds no place in the queue. */
    public void withdraw(Job job) {
        if (waiting.remove(job)) queued.decrementAndGet();
    }

    public int queueDepth() {
        return queued.get();
    }

    public int activeRows() {
        return activeRows;
    }

    public int capacity() {
        return capacity;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** No job waiting or running. */
    public boolean idle() {
        return queueDepth() == 0 && activeRows == 0;
    }

    /** Takes no new job; the loop ends once every admitted and queued job has ended. */
    public void stopAccepting() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) break;
                admit();
                if (occupied == 0) {
                    if (!awaitWork()) break;
                    continue;
                }
                long t0 = System.nanoTime();
                int produced = sampleAll();
                dropEnded();
                if (occupied > 0) {
                    reshape(0);
                    step();
                }
                long t1 = System.nanoTime();
                metrics.step(occupied, t1 - t0, produced);
                countTokens(produced, t1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Job job : active) job.fail("the server stopped");
            Job j;
            while ((j = waiting.poll()) != null) {
                j.fail("the server stopped");
                queued.decrementAndGet();
            }
            if (carried != null) {
                carried.fail("the server stopped");
                queued.decrementAndGet();
                carried = null;
            }
        }
    }

    /** Blocks until a job waits; false when the loop should end. */
    private boolean awaitWork() throws InterruptedException {
        if (carried != null) return true;
        Job next = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) {
            return !Thread.currentThread().isInterrupted();
        }
        carried = next;
        if (batching == Batching.REQUEST && batchDelayNanos > 0) {
            // Request-level batching gathers: the first request waits a moment for others to share its batch.
            long until = System.nanoTime() + batchDelayNanos;
            while (waiting.size() + 1 < maxBatch && System.nanoTime() < until) Thread.sleep(1);
        }
        return true;
    }

    /** Moves waiting jobs into free rows while they fit, first come first served. */
    private void admit() {
        if (batching == Batching.REQUEST && occupied > 0) return;
        List<Job> joining = null;
        int joiningRows = 0;
        while (true) {
            Job job = carried != null ? carried : waiting.poll();
            if (job == null) break;
            carried = null;
            if (job.state().ended()) { // expired or cancelled while it waited
                queued.decrementAndGet();
                continue;
            }
            int need = job.order().count();
            if (occupied + joiningRows + need > maxBatch) {
                carried = job;
                break;
            }
            queued.decrementAndGet();
            if (!job.start(System.nanoTime())) continue;
            if (joining == null) joining = new ArrayList<>();
            joining.add(job);
            joiningRows += need;
        }
        if (joining == null) return;
        reshape(joiningRows);
        for (Job job : joining) place(job);
        activeRows = occupied;
    }

    /** Primes a job's pieces and puts them into holes of the batch (there is room: {@link #reshape} made it). */
    private void place(Job job) {
        GenerationOrder order = job.order();
        int n = order.count();
        int[] primer = order.primer().ids();
        LstmState primed;
        float[] primedProbs;
        int probsStride;
        int probsOffset;
        if (primer.length == 1 && primer[0] == SpecialTokens.START_ID) {
            primed = startState;
            primedProbs = startProbs;
            probsStride = 0;
            probsOffset = 0;
        } else {
            // All pieces of a request share its primer: one call for them all, shaped as the CLI's.
            int len = primer.length;
            long[] ids = new long[n * len];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < len; s++) ids[i * len + s] = primer[s];
            }
            primed = model.newState(n);
            primedProbs = new float[n * len * vocabulary];
            try {
                model.run(ids, len, primed, primedProbs);
            } catch (RuntimeException e) {
                job.fail("the model failed: " + OrderReader.firstLine(e.getMessage()));
                return;
            }
            probsStride = len * vocabulary;
            probsOffset = (len - 1) * vocabulary;
        }
        int r = 0;
        for (int i = 0; i < n; i++) {
            while (rows[r] != null) r++;
            rows[r] = new Row(job, i, new TokenSampler(order.sampling(), vocabulary,
                    TokenSampler.pieceSeed(order.seed(), i)));
            state.setRow(r, primed, primed == startState ? 0 : i);
            System.arraycopy(primedProbs, i * probsStride + probsOffset, probs, r * vocabulary, vocabulary);
            occupied++;
        }
        job.rowsLeft = n;
        active.add(job);
    }

    /** Every row takes its next token; returns how many tokens were produced. */
    private int sampleAll() {
        int produced = 0;
        int v = vocabulary;
        for (int r = 0; r < rows.length; r++) {
            Row row = rows[r];
            if (row == null) continue;
            Job job = row.job;
            int id = row.sampler.sample(probs, r * v);
            job.append(row.piece, id);
            produced++;
            boolean ended = id == SpecialTokens.END_ID;
            if (ended || job.produced(row.piece) >= job.order().length()) {
                job.finishPiece(row.piece, ended);
                free(r);
                if (--job.rowsLeft == 0) {
                    job.complete(System.nanoTime());
                    active.remove(job);
                }
            } else {
                tokens[r] = id;
            }
        }
        activeRows = occupied;
        return produced;
    }

    /** Frees the rows of jobs that ended from outside (deadline, client gone) and wakes streaming readers. */
    private void dropEnded() {
        long now = System.nanoTime();
        for (int i = active.size() - 1; i >= 0; i--) {
            Job job = active.get(i);
            if (job.state().ended()) {
                for (int r = 0; r < rows.length; r++) {
                    if (rows[r] != null && rows[r].job == job) free(r);
                }
                active.remove(i);
            } else if (job.order().stream() && job.signalDue(now)) {
                job.signal();
            }
        }
        activeRows = occupied;
    }

    private void free(int r) {
        rows[r] = null;
        tokens[r] = SpecialTokens.END_ID;
        occupied--;
    }

    private int holes() {
        return rows.length - occupied;
    }

    /**
     * Makes room for {@code joining} more rows, and compacts when the shrink policy says so. The tensors are rebuilt
     * only here.
     */
    private void reshape(int joining) {
        int holes = holes();
        boolean grow = joining > holes;
        boolean shrinkNow = !grow && joining == 0 && holes > 0 && holes >= shrinkAt(rows.length);
        if (!grow && !shrinkNow) return;
        int newCapacity = occupied + joining;
        int[] keep = new int[occupied];
        int k = 0;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] != null) keep[k++] = r;
        }
        LstmState next = model.newState(Math.max(1, newCapacity));
        Row[] nextRows = new Row[Math.max(1, newCapacity)];
        float[] nextProbs = new float[nextRows.length * vocabulary];
        long[] nextTokens = new long[nextRows.length];
        Arrays.fill(nextTokens, SpecialTokens.END_ID);
        for (int i = 0; i < keep.length; i++) {
            next.setRow(i, state, keep[i]);
            nextRows[i] = rows[keep[i]];
            nextTokens[i] = tokens[keep[i]];
            System.arraycopy(probs, keep[i] * vocabulary, nextProbs, i * vocabulary, vocabulary);
        }
        state = next;
        rows = nextRows;
        probs = nextProbs;
        tokens = nextTokens;
        capacity = rows.length;
    }

    private int shrinkAt(int rowCount) {
        return switch (shrink) {
            case EAGER -> 1;
            case LAZY -> Math.max(1, rowCount / 4);
            case NEVER -> Integer.MAX_VALUE;
        };
    }

    /** One model call for every row; a failure fails the jobs in the batch, and the loop goes on with an empty one. */
    private void step() {
        try {
            model.run(tokens, 1, state, probs);
        } catch (RuntimeException e) {
            String reason = "the model failed: " + OrderReader.firstLine(e.getMessage());
            for (Job job : active) job.fail(reason);
            active.clear();
            Arrays.fill(rows, null);
            occupied = 0;
            activeRows = 0;
            reshape(0);
        }
    }

    private void countTokens(int produced, long now) {
        windowTokens += produced;
        long elapsed = now - windowStart;
        if (elapsed >= 1_000_000_000L) {
            metrics.tokensPerSecond(windowTokens * 1e9 / elapsed);
            windowTokens = 0;
            windowStart = now;
        }
    }
}
