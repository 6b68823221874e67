package dev.cadenza.server;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One request in flight, shared by the HTTP thread that answers it and the scheduler thread that grows its pieces.
 *
 * <p>The scheduler appends tokens and publishes each piece's count through an atomic array, so the HTTP thread can
 * read (and stream) everything up to the published count without a lock. The life cycle (queued, running, then
 * one end) moves under the job's monitor; whichever side ends it first wins: a deadline or a vanished client set by
 * the HTTP thread, the finish or a failed model call set by the scheduler.
 */
public final class Job {
    /** Where a job is in its life. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, EXPIRED, CANCELLED;

        boolean ended() {
            return this != QUEUED && this != RUNNING;
        }
    }

    /** A piece still growing; else how it ended. */
    static final int GROWING = 0;
    static final int ENDED_BY_MODEL = 1;
    static final int CUT_AT_LENGTH = 2;

    private final GenerationOrder order;
    private final long arrivedNanos;
    private final long deadlineNanos;
    private final int[][] tokens;
    private final AtomicIntegerArray produced;
    private final AtomicIntegerArray pieceState;

    /** Written under the job's monitor; volatile so the scheduler's per-step look at every job takes no lock. */
    private volatile State state = State.QUEUED;
    private String failure;
    private volatile long admittedNanos;
    private volatile long finishedNanos;
    /** This job's rows in the step engine, and how many still grow; scheduler thread only. */
    dev.cadenza.runtime.generate.RowRequest[] rows;
    int rowsLeft;
    /** When the scheduler last woke this job's stream; scheduler thread only. */
    private long lastSignalNanos;
    private int signals;
    /** Set by the HTTP thread once the stream's first note is written. */
    private volatile boolean firstNoteSent;

    /** HTTP thread: the stream's first note is out; from now on its writer is woken once per interval. */
    void firstNoteSent() {
        firstNoteSent = true;
    }

    /** Signals sent to the HTTP thread; under the job's monitor. */
    private int signalsSent;
    /**
     * Until its first note is out, a writer is woken at the first step and then at most once per this time: a step of
     * a full batch takes a few milliseconds, and a wake-up per step and stream (as before 2026-12-07) cost the server's
     * core a tenth of its time at 256 streams, for a first note at most 10 ms sooner.
     */
    static final long FIRST_NOTE_SPACING_NANOS = 10_000_000L;

    public Job(GenerationOrder order, long arrivedNanos) {
        this.order = order;
        this.arrivedNanos = arrivedNanos;
        this.deadlineNanos = arrivedNanos + order.deadline().toNanos();
        this.tokens = new int[order.count()][order.length()];
        this.produced = new AtomicIntegerArray(order.count());
        this.made = new int[order.count()];
        this.pieceState = new AtomicIntegerArray(order.count());
    }

    public GenerationOrder order() {
        return order;
    }

    public long arrivedNanos() {
        return arrivedNanos;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public long admittedNanos() {
        return admittedNanos;
    }

    public long finishedNanos() {
        return finishedNanos;
    }

    /** Tokens of piece {@code piece} published so far. */
    public int produced(int piece) {
        return produced.get(piece);
    }

    /** The token array of a piece; entries below {@link #produced} are final. */
    int[] tokens(int piece) {
        return tokens[piece];
    }

    /** Whether piece {@code piece} is finished, and then whether the model ended it (true) or the length cut it. */
    boolean pieceFinished(int piece) {
        return pieceState.get(piece) != GROWING;
    }

    boolean pieceEnded(int piece) {
        return pieceState.get(piece) == ENDED_BY_MODEL;
    }

    /** Tokens of each piece as the scheduler counts them (its thread only): read without a barrier per token. */
    private final int[] made;

    /** Scheduler (or the beam thread, the only writer of a search's job): the next token of a piece. */
    void append(int piece, int id) {
        int n = made[piece]++;
        tokens[piece][n] = id;
        produced.lazySet(piece, n + 1);
    }

    /** Scheduler: a piece is complete. */
    void finishPiece(int piece, boolean endedByModel) {
        pieceState.set(piece, endedByModel ? ENDED_BY_MODEL : CUT_AT_LENGTH);
    }

    public State state() {
        return state;
    }

    /** Why the job failed, for {@link State#FAILED}. */
    public synchronized String failure() {
        return failure;
    }

    /** Scheduler: rows were given; false when the job ended while it waited (deadline, client gone). */
    synchronized boolean start(long nanos) {
        if (state != State.QUEUED) return false;
        state = State.RUNNING;
        admittedNanos = nanos;
        return true;
    }

    /** Scheduler: every piece is complete. */
    synchronized void complete(long nanos) {
        end(State.DONE, null, nanos);
    }

    /** Either side: the job cannot go on. */
    synchronized boolean fail(String reason) {
        return end(State.FAILED, reason, System.nanoTime());
    }

    /** Either side: the deadline passed. False when the job had already ended (then its answer stands). */
    synchronized boolean expire() {
        return end(State.EXPIRED, null, System.nanoTime());
    }

    /** HTTP thread: the client is gone. */
    synchronized boolean cancel() {
        return end(State.CANCELLED, null, System.nanoTime());
    }

    private boolean end(State to, String reason, long nanos) {
        if (state.ended()) return false;
        state = to;
        failure = reason;
        finishedNanos = nanos;
        notifyAll();
        return true;
    }

    /**
     * Scheduler: whether to wake the stream's writer now. At its first step, then every
     * {@link #FIRST_NOTE_SPACING_NANOS} until its first note is out (the first note is the figure a listener feels, and a
     * note is only final once a later one starts), then once per {@code intervalNanos}: waking hundreds of writers at
     * every step would cost the step loop's core more than it gives.
     */
    boolean signalDue(long now, long intervalNanos) {
        boolean due = signals == 0 || now - lastSignalNanos >= (firstNoteSent ? intervalNanos : FIRST_NOTE_SPACING_NANOS);
        if (due) {
            signals++;
            lastSignalNanos = now;
            return true;
        }
        return false;
    }

    /** Wakes the HTTP thread (new tokens for a stream). */
    synchronized void signal() {
        signalsSent++;
        notifyAll();
    }

    /**
     * HTTP thread: how many times the scheduler has signalled so far. A writer that wakes on its own (to see whether
     * its client is still there) and finds this unchanged has nothing to send yet, and skips decoding the piece.
     */
    synchronized int signalsSent() {
        return signalsSent;
    }

    /** HTTP thread: waits until the job ends, it is signalled, or {@code millis} pass. */
    synchronized State await(long millis) throws InterruptedException {
        if (!state.ended() && millis > 0) wait(millis);
        return state;
    }
}
