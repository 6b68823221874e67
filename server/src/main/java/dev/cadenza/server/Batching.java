package dev.cadenza.server;

/** When waiting requests may join the running batch. */
public enum Batching {
    /** Iteration-level: a request joins at the very next step and a finished one leaves at once (the default). */
    CONTINUOUS,
    /**
     * Request-level, as Triton's dynamic batcher or DJL Serving do: requests join only when the batch is empty, so
     * everyone waits for the longest piece of their batch. Kept for comparison.
     */
    REQUEST
}
