package dev.cadenza.trainer.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the lanes of a fused LSTM layer at once: lane 0 on the calling thread, the others on daemon threads kept for
 * the process. While they run, OpenBLAS is held to one thread per call: each lane's products are its own, and
 * OpenBLAS's pool would otherwise split every small product again and make the lanes wait for each other.
 */
final class LaneThreads {
    private static ExecutorService pool;
    private static int poolSize;

    private LaneThreads() {
    }

    static void run(LstmLane[] lanes, Consumer<LstmLane> work) {
        if (lanes.length == 1) {
            work.accept(lanes[0]);
            return;
        }
        ExecutorService executor = pool(lanes.length - 1);
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1);
        try {
            List<Future<?>> others = new ArrayList<>();
            for (int i = 1; i < lanes.length; i++) {
                LstmLane lane = lanes[i];
                others.add(executor.submit(() -> work.accept(lane)));
            }
            RuntimeException failed = null;
            try {
                work.accept(lanes[0]);
            } catch (RuntimeException e) {
                failed = e;
            }
            for (Future<?> f : others) f.get(); // every lane ends before the buffers are read or OpenBLAS restored
            if (failed != null) throw failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the LSTM lanes ran", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize < size) {
            if (pool != null) pool.shutdown();
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "cadenza-lstm-lane");
                t.setDaemon(true);
                return t;
            });
            poolSize = size;
        }
        return pool;
    }
}
