package dev.cadenza.server;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.GenerationListener;
import dev.cadenza.runtime.generate.RowRequest;
import dev.cadenza.runtime.spi.StepModel;

/**
 * Runs beam-search requests on a thread of their own, with a step model of their own, so that a search does not stop
 * the scheduler's batch. A search keeps all its branches in a state of its own and decides a piece only at its end,
 * so it cannot share the step batch; run on the scheduler thread (as before 2026-12-07) it held every other stream for
 * its whole length, seconds for a default request.
 *
 * <p>One thread per model and at most {@code queue} searches waiting: {@link #offer} says no when they are full, and
 * the scheduler then keeps the request at the head of its queue. The second step model (a second ONNX Runtime session
 * on the same file, a few MiB) is opened at the first search, on this thread.
 */
final class BeamRunner implements AutoCloseable {
    private final Supplier<StepModel> opener;
    private final ServerMetrics metrics;
    private final ThreadPoolExecutor executor;
    private StepModel model; // this runner's thread only
    /** The job whose search runs now, if any. */
    private volatile Job running;

    BeamRunner(Supplier<StepModel> opener, int queue, ServerMetrics metrics) {
        this.opener = opener;
        this.metrics = metrics;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "cadenza-beam");
            t.setDaemon(true);
            return t;
        }, (r, e) -> {
            throw new java.util.concurrent.RejectedExecutionException("the beam searches' queue is full");
        });
    }

    /** Whether a search can be queued now (only the scheduler thread queues them, so the answer holds until it does). */
    boolean hasRoom() {
        return executor.getQueue().remainingCapacity() > 0;
    }

    /** Queues a search of a job's rows; false when the queue is full (the job stays where it is). */
    boolean offer(Job job, List<RowRequest> rows) {
        try {
            executor.execute(new Search(job, rows));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** One request's search, kept as such so that the searches still queued at {@link #close} can be failed. */
    private final class Search implements Runnable {
        private final Job job;
        private final List<RowRequest> rows;

        Search(Job job, List<RowRequest> rows) {
            this.job = job;
            this.rows = rows;
        }

        Job job() {
            return job;
        }

        @Override
        public void run() {
            BeamRunner.this.run(job, rows);
        }
    }

    private void run(Job job, List<RowRequest> rows) {
        if (job.state().ended()) return; // gone or expired while it waited for this thread
        running = job;
        try {
            if (model == null) model = opener.get();
            job.order().decoding().decoder().decode(model, rows, new Events(job));
        } catch (RuntimeException e) {
            job.fail("the model failed: " + OrderReader.firstLine(e.getMessage()));
        } finally {
            running = null;
        }
    }

    /** The search's tokens and pieces go to its job, as the scheduler's own events do for sampled rows. */
    private final class Events implements GenerationListener {
        private final Job job;
        private int left;

        Events(Job job) {
            this.job = job;
            this.left = job.order().count();
        }

        @Override
        public void token(RowRequest row, int id, int position) {
            job.append(row.index(), id);
        }

        @Override
        public void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
            metrics.tokens(piece.continuation().length);
            if (reason != Finish.CANCELLED) job.finishPiece(row.index(), reason == Finish.END);
            if (--left == 0 && reason != Finish.CANCELLED) job.complete(System.nanoTime());
        }
    }

    @Override
    public void close() {
        for (Runnable r : executor.shutdownNow()) ((Search) r).job().fail("the server stopped");
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job still = running;
        if (still != null) {
            still.fail("the server stopped");
            return; // its search still runs (a search cannot be interrupted): its model goes with the process
        }
        if (model != null) model.close();
    }
}
