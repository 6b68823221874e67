package dev.cadenza.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cadenza.runtime.generate.DecodeBatch;
import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.GenerationListener;
import dev.cadenza.runtime.generate.RowRequest;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.generate.PieceRows;

/**
 * The one thread that owns the step model and batches every request step by step (iteration-level batching), on
 * the generation API's step engine, {@link DecodeBatch}.
 *
 * <p>Each turn of its loop: waiting requests are admitted as rows (up to {@code maxBatch} rows in all); rows of
 * requests that ended from outside (deadline, client gone) are cancelled; then one {@link DecodeBatch#step} primes
 * the joining rows, gives every row its next token from its own random stream, retires finished rows, and advances
 * the rest with one model call. A request therefore joins at the very next step and nobody waits for the longest
 * piece in the batch. When and how the batch's tensors change shape is the engine's shrink policy.
 *
 * <p>A piece's tokens depend only on its own primer, settings and random stream, never on its neighbours: the same
 * request gives the same piece as {@code cadenza generate}.
 */
public final class Scheduler implements AutoCloseable {
    private final StepModel model;
    private final PieceRows pieceRows;
    private final int maxBatch;
    private final Batching batching;
    private final DecodeBatch.Shrink shrink;
    private final long batchDelayNanos;
    private final LinkedBlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    /** Jobs submitted and not yet admitted or dropped (the carried one included): what --queue bounds. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Jobs moved into the batch so far. */
    private final java.util.concurrent.atomic.AtomicLong admitted = new java.util.concurrent.atomic.AtomicLong();
    private final int queueLimit;
    private final ServerMetrics metrics;
    private final Thread thread;
    private final Events events = new Events();

    private DecodeBatch batch;
    /** Admitted jobs not ended yet; scheduler thread only. */
    private final List<Job> active = new ArrayList<>();
    /** Rows admitted and still growing. */
    private int rows;
    /** A request taken from the queue that did not fit yet: it goes first next time (no overtaking). */
    private Job carried;

    private final long streamIntervalNanos;
    private volatile boolean stopping;
    /** Why the loop died (an Error such as OutOfMemoryError, or a bug); null while it works. */
    private volatile String failure;
    private volatile int activeRows;
    private volatile int capacity;
    private long windowStart = System.nanoTime();
    private long windowTokens;

    /** Where beam searches run, off this thread; null: on this thread, the batch waiting meanwhile. */
    private final BeamRunner beams;

    /**
     * @param beamModel opens a second step model on the same file for beam searches, which then run on a thread of
     *                  their own; null runs them on the scheduler thread with {@code model} (the batch waits meanwhile)
     */
    public Scheduler(StepModel model, PieceRows pieceRows, int maxBatch, int queue, Batching batching, DecodeBatch.Shrink shrink,
                     long batchDelayNanos, long streamIntervalNanos,
                     java.util.function.Function<Scheduler, ServerMetrics> metricsFactory,
                     java.util.function.Supplier<StepModel> beamModel) {
        if (queue < 1) throw new IllegalArgumentException("the queue must hold at least 1 request, got " + queue);
        this.model = model;
        this.pieceRows = pieceRows;
        this.maxBatch = maxBatch;
        this.batching = batching;
        this.shrink = shrink;
        this.batchDelayNanos = batchDelayNanos;
        this.streamIntervalNanos = streamIntervalNanos;
        this.queueLimit = queue;
        this.metrics = metricsFactory.apply(this);
        this.beams = beamModel == null ? null : new BeamRunner(beamModel, maxBatch, metrics);
        this.batch = new DecodeBatch(model, shrink, events);
        this.thread = new Thread(this::loop, "cadenza-scheduler");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a job; false at once when {@code queue} jobs already wait (the caller answers 429), or when the scheduler
     * stopped or failed ({@link #working()} tells which). Never blocks.
     */
    public boolean submit(Job job) {
        if (stopping || failure != null) return false;
        while (true) {
            int n = queued.get();
            if (n >= queueLimit) return false;
            if (queued.compareAndSet(n, n + 1)) break;
        }
        waiting.add(job);
        // The loop may have ended between the check and the add: then nobody would ever take the job.
        if ((failure != null || stopping && !thread.isAlive()) && waiting.remove(job)) {
            queued.decrementAndGet();
            return false;
        }
        return true;
    }

    /** True while the loop runs (or is about to start) and has not failed: what liveness and readiness report. */
    public boolean working() {
        return failure == null && (thread.isAlive() || thread.getState() == Thread.State.NEW);
    }

    /** Why the loop failed, in one line, or null. */
    public String failure() {
        return failure;
    }

    /** Drops a job that ended while it waited (its HTTP thread gave up), so it holds no place in the queue. */
    public void withdraw(Job job) {
        if (waiting.remove(job)) queued.decrementAndGet();
    }

    /** Jobs taken into the batch since the start (their rows may still be priming). */
    public long admitted() {
        return admitted.get();
    }

    public int queueDepth() {
        return queued.get();
    }

    /** Pieces growing in the batch. */
    public int activeRows() {
        return activeRows;
    }

    /** Rows in the batch's tensors: growing pieces plus finished ones riding along until the next compaction. */
    public int capacity() {
        return capacity;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Takes no new job; what was admitted or queued still runs. */
    public void stopAccepting() {
        stopping = true;
    }

    /** Ends the loop; jobs still queued or running fail with "the server stopped". */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) failQueued(stoppedReason()); // whatever slipped in after the loop's own clean-up
        if (beams != null) beams.close();
    }

    private String stoppedReason() {
        String f = failure;
        return f == null ? "the server stopped" : "the server stopped: its scheduler failed (" + f + ")";
    }

    private void failQueued(String reason) {
        Job j;
        while ((j = waiting.poll()) != null) {
            j.fail(reason);
            queued.decrementAndGet();
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                admit();
                dropEnded();
                if (batch.isEmpty()) {
                    publish();
                    if (!awaitWork()) break;
                    continue;
                }
                events.produced = 0;
                try {
                    batch.step();
                } catch (RuntimeException e) {
                    failBatch("the model failed: " + OrderReader.firstLine(e.getMessage()));
                }
                long now = System.nanoTime();
                signalStreams(now);
                countTokens(events.produced, now);
                publish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // An Error (OutOfMemoryError above all) or a bug outside a model call: this thread cannot be trusted to go
            // on. Health and readiness fail from now on, so the process is restarted rather than kept "ready".
            failure = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + OrderReader.firstLine(t.getMessage()));
            metrics.schedulerFailed();
            System.err.println("cadenza serve: the scheduler failed, generation has stopped: " + failure);
        } finally {
            String reason = stoppedReason();
            for (Job job : active) job.fail(reason);
            failQueued(reason);
            if (carried != null) {
                carried.fail(reason);
                queued.decrementAndGet();
                carried = null;
            }
            activeRows = 0;
            capacity = 0;
        }
    }

    private void publish() {
        activeRows = rows;
        capacity = batch.stateRows();
    }

    /** Blocks until a job waits; false when the loop should end. */
    private boolean awaitWork() throws InterruptedException {
        if (carried != null) return true;
        Job next = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) return !Thread.currentThread().isInterrupted();
        carried = next;
        if (batching == Batching.REQUEST && batchDelayNanos > 0) {
            // Request-level batching gathers: the first request waits a moment for others to share its batch.
            long until = System.nanoTime() + batchDelayNanos;
            while (waiting.size() + 1 < maxBatch && System.nanoTime() < until) Thread.sleep(1);
        }
        return true;
    }

    /** Moves waiting jobs into the batch while their rows fit, first come first served. */
    private void admit() {
        if (batching == Batching.REQUEST && !batch.isEmpty()) return;
        while (true) {
            Job job = carried != null ? carried : waiting.poll();
            if (job == null) return;
            carried = null;
            if (job.state().ended()) { // expired or cancelled while it waited
                queued.decrementAndGet();
                continue;
            }
            int need = job.order().count();
            boolean search = job.order().decoding().beam().isSearch();
            if (search && beams != null) {
                // A search takes no rows of the batch: it runs on the beam thread, as soon as that has room.
                if (!beams.hasRoom()) {
                    carried = job;
                    return;
                }
                queued.decrementAndGet();
                if (!job.start(System.nanoTime())) continue;
                RowRequest[] requests = rowsOf(job);
                job.rowsLeft = 0;
                admitted.incrementAndGet();
                beams.offer(job, List.of(requests));
                continue;
            }
            if (rows + need > maxBatch) {
                carried = job;
                return;
            }
            queued.decrementAndGet();
            if (!job.start(System.nanoTime())) continue;
            RowRequest[] requests = rowsOf(job);
            job.rowsLeft = need;
            admitted.incrementAndGet();
            rows += need;
            active.add(job);
            if (search) {
                search(job, List.of(requests));
                continue;
            }
            for (RowRequest r : requests) batch.admit(r);
        }
    }

    /** The generation layer's rows of a job, as cadenza generate makes them: the same request, the same piece. */
    private RowRequest[] rowsOf(Job job) {
        GenerationOrder order = job.order();
        List<RowRequest> made = pieceRows.rows(order.decoding(), order.primers(), order.tempoBpm());
        RowRequest[] requests = new RowRequest[order.count()];
        for (int i = 0; i < requests.length; i++) requests[i] = made.get(i).withTag(job);
        job.rows = requests;
        return requests;
    }

    /**
     * Without a beam thread (a server given an open step model only): runs a beam search request to its end on this
     * thread, with the decoder its decoding chooses: a search keeps all its branches in a state of its own and decides
     * a piece only at its end, so it cannot share the step batch.
     * The batch waits meanwhile (a search of B x F branches costs about as much as B x F plain pieces).
     */
    private void search(Job job, List<RowRequest> requests) {
        try {
            job.order().decoding().decoder().decode(model, requests, events);
        } catch (RuntimeException e) {
            rows -= job.rowsLeft;
            job.fail("the model failed: " + OrderReader.firstLine(e.getMessage()));
        }
        active.remove(job);
        countTokens(events.produced, System.nanoTime());
        events.produced = 0;
    }

    /** Cancels the rows of jobs that ended from outside (deadline, client gone): they leave at this step. */
    private void dropEnded() {
        long now = System.nanoTime();
        for (int i = active.size() - 1; i >= 0; i--) {
            Job job = active.get(i);
            // The deadline holds even while the job's HTTP thread is stuck writing to a client that does not read.
            if (now >= job.deadlineNanos()) job.expire();
            if (!job.state().ended()) continue;
            for (RowRequest row : job.rows) batch.cancel(row);
            active.remove(i);
        }
    }

    /** A failed model call fails every request in the batch; a fresh engine carries on with the next ones. */
    private void failBatch(String reason) {
        for (Job job : active) job.fail(reason);
        active.clear();
        rows = 0;
        batch = new DecodeBatch(model, shrink, events);
    }

    private void signalStreams(long now) {
        for (int i = active.size() - 1; i >= 0; i--) {
            Job job = active.get(i);
            if (job.state().ended()) {
                if (job.rowsLeft == 0) active.remove(i);
            } else if (job.order().stream() && job.signalDue(now, streamIntervalNanos)) {
                job.signal();
            }
        }
    }

    private void countTokens(int produced, long now) {
        // Counted here, not in stepped(): the last tokens of a batch come from a step that makes no model call.
        metrics.tokens(produced);
        windowTokens += produced;
        long elapsed = now - windowStart;
        if (elapsed >= 1_000_000_000L) {
            metrics.tokensPerSecond(windowTokens * 1e9 / elapsed);
            windowTokens = 0;
            windowStart = now;
        }
    }

    /** What the engine reports: tokens and finished rows go to their jobs, step times to the metrics. */
    private final class Events implements GenerationListener {
        int produced;

        @Override
        public void token(RowRequest row, int id, int position) {
            ((Job) row.tag()).append(row.index(), id);
            produced++;
        }

        @Override
        public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
            Job job = (Job) row.tag();
            rows--;
            if (reason != Finish.CANCELLED) job.finishPiece(row.index(), reason == Finish.END);
            if (--job.rowsLeft == 0 && reason != Finish.CANCELLED) job.complete(System.nanoTime());
        }

        @Override
        public void stepped(int stateRows, long nanos) {
            metrics.step(stateRows, nanos);
        }
    }
}
