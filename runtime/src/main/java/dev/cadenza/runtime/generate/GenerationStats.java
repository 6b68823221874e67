package dev.cadenza.runtime.generate;

/**
 * A {@link GenerationListener} that adds up what happened: tokens, steps, time in the model, and the wall time from
 * its creation (or {@link #restart()}) to the last finished row. The benchmark's loop figures and a server's metrics
 * read these same numbers. Not thread-safe, like the batch it listens to.
 */
public final class GenerationStats implements GenerationListener {
    private long start = System.nanoTime();
    private long firstToken = -1;
    private long lastFinished = -1;
    private long tokens;
    private long steps;
    private long rowSteps;
    private long stepNanos;
    private long primeNanos;
    private long finished;

    /** Forgets everything and starts the wall clock now. */
    public void restart() {
        start = System.nanoTime();
        firstToken = -1;
        lastFinished = -1;
        tokens = steps = rowSteps = stepNanos = primeNanos = finished = 0;
    }

    @Override
    public void primed(int rows, int steps, long nanos) {
        primeNanos += nanos;
    }

    @Override
    public void stepped(int rows, long nanos) {
        steps++;
        rowSteps += rows;
        stepNanos += nanos;
    }

    @Override
    public void token(RowRequest row, int id, int position) {
        if (firstToken < 0) firstToken = System.nanoTime();
        tokens++;
    }

    @Override
    public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
        finished++;
        lastFinished = System.nanoTime();
    }

    /** New tokens sampled. */
    public long tokens() {
        return tokens;
    }

    /** Generation steps (model calls after priming). */
    public long steps() {
        return steps;
    }

    /** Mean state rows per step (finished rows riding along included), 0 before the first step. */
    public double meanRows() {
        return steps == 0 ? 0 : (double) rowSteps / steps;
    }

    /** Nanoseconds inside the model's step calls. */
    public long stepNanos() {
        return stepNanos;
    }

    /** Nanoseconds inside the model's priming calls. */
    public long primeNanos() {
        return primeNanos;
    }

    /** Rows that finished (END, limit or cancelled). */
    public long finished() {
        return finished;
    }

    /** Nanoseconds from the start to the first token, -1 before it. */
    public long firstTokenNanos() {
        return firstToken < 0 ? -1 : firstToken - start;
    }

    /** Nanoseconds from the start to the last finished row (to now while none has finished). */
    public long elapsedNanos() {
        return (lastFinished < 0 ? System.nanoTime() : lastFinished) - start;
    }

    /** Tokens per second of wall time. */
    public double tokensPerSecond() {
        return tokens / Math.max(elapsedNanos() / 1e9, 1e-9);
    }
}
