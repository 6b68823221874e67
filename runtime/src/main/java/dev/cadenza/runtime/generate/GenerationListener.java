package dev.cadenza.runtime.generate;

/**
 * Hears what a {@link DecodeBatch} does, so the benchmark, the commands and a server's metrics read the same numbers.
 * Called on the generating thread, between model calls: keep it quick. Every method does nothing by default.
 */
public interface GenerationListener {
    /** Hears nothing. */
    GenerationListener NONE = new GenerationListener() {
    };

    /** Primers of {@code rows} rows, {@code steps} tokens each, were fed in one model call that took {@code nanos}. */
    default void primed(int rows, int steps, long nanos) {
    }

    /** One generation step: a model call over {@code rows} state rows that took {@code nanos}. */
    default void stepped(int rows, long nanos) {
    }

    /** Row {@code row} got token {@code id}, its {@code position}-th new token (0 = its first). */
    default void token(RowRequest row, int id, int position) {
    }

    /** Row {@code row} left the batch for {@code reason}; {@code piece} is what it produced. */
    default void finished(RowRequest row, GeneratedPiece piece, Finish reason) {
    }

    /** Why a row stopped growing. */
    enum Finish {
        /** The model emitted END: the piece closed itself. */
        END,
        /** It reached its most tokens. */
        LIMIT,
        /** It reached its length in music ({@link RowRequest#until}): the bar line after the seconds or bars asked for. */
        TIME,
        /** The caller cancelled it. */
        CANCELLED
    }
}
