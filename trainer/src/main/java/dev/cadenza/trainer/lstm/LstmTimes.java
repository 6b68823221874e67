package dev.cadenza.trainer.lstm;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where the fused LSTM's time goes, summed over every layer and batch of the process since the last {@link #reset}:
 * for {@code train --profile}. The per-step recurrent products, the products over the whole batch (input projection,
 * weight and input gradients) and the elementwise pass are the first lane's (with several lanes, the others
 * run the same work at the same time); the layout copies are ND4J calls on the calling thread; the total is the
 * calling thread's wall time in the helper.
 */
public final class LstmTimes {
    private static final LongAdder STEP_PRODUCTS = new LongAdder(), PRODUCTS = new LongAdder(), GATES = new LongAdder(), COPIES = new LongAdder(),
            LAYOUT = new LongAdder(), TOTAL = new LongAdder(), PASSES = new LongAdder();

    private LstmTimes() {
    }

    /** A snapshot, nanoseconds. */
    public record Snapshot(long stepProducts, long products, long gates, long copies, long layout, long total, long passes) {
        /** The calling thread's time not in the first lane's work: bookkeeping, and waiting for a slower lane. */
        public long rest() {
            return Math.max(0, total - stepProducts - products - gates - copies - layout);
        }

        /** What was added since {@code earlier}. */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(stepProducts - earlier.stepProducts, products - earlier.products, gates - earlier.gates, copies - earlier.copies,
                    layout - earlier.layout, total - earlier.total, passes - earlier.passes);
        }
    }

    public static Snapshot snapshot() {
        return new Snapshot(STEP_PRODUCTS.sum(), PRODUCTS.sum(), GATES.sum(), COPIES.sum(), LAYOUT.sum(), TOTAL.sum(), PASSES.sum());
    }

    public static void reset() {
        STEP_PRODUCTS.reset();
        PRODUCTS.reset();
        GATES.reset();
        COPIES.reset();
        LAYOUT.reset();
        TOTAL.reset();
        PASSES.reset();
    }

    static void add(LstmLane first, long layout, long total) {
        STEP_PRODUCTS.add(first.stepProductNanos);
        PRODUCTS.add(first.productNanos);
        GATES.add(first.gateNanos);
        COPIES.add(first.copyNanos);
        first.stepProductNanos = first.productNanos = first.gateNanos = first.copyNanos = 0;
        LAYOUT.add(layout);
        TOTAL.add(total);
        PASSES.increment();
    }
}
