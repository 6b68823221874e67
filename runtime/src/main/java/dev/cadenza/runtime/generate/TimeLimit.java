package dev.cadenza.runtime.generate;

/**
 * Where a row stops in musical time: once its stream (primer included) reaches {@code stopQuarters} quarter notes on
 * {@code clock}, no further onset may come, so the row finishes ({@link GenerationListener.Finish#TIME}).
 * {@link MusicLength#limit} puts the stop on a bar line.
 *
 * <p>Before {@code earliestEndQuarters} the row does not take the model's {@code <end>}: a drawn {@code <end>} is
 * drawn again without it (the same as sampling without it, and no change at all to rows that do not draw it early).
 * A model that ends a piece right after its start otherwise gives an empty piece.
 *
 * @param clock               how far each id moves time on
 * @param stopQuarters        the time, from the start of the stream, at which the row stops
 * @param earliestEndQuarters the time before which {@code <end>} is not taken (0: any time)
 */
public record TimeLimit(MusicClock clock, double stopQuarters, double earliestEndQuarters) {
    public TimeLimit {
        if (clock == null) throw new IllegalArgumentException("a clock is required");
        if (!(stopQuarters > 0) || Double.isInfinite(stopQuarters)) {
            throw new IllegalArgumentException("the stop must be a positive time in quarter notes, got " + stopQuarters);
        }
        if (!(earliestEndQuarters >= 0 && earliestEndQuarters <= stopQuarters)) {
            throw new IllegalArgumentException("the earliest end must be 0.." + stopQuarters + " quarter notes, got " + earliestEndQuarters);
        }
    }

    /** A limit that lets {@code <end>} come at any time. */
    public TimeLimit(MusicClock clock, double stopQuarters) {
        this(clock, stopQuarters, 0);
    }

    /** Whether a stream that has got to {@code quarters} may still not end by the model's {@code <end>}. */
    public boolean tooEarlyToEnd(double quarters) {
        return quarters < earliestEndQuarters - 1e-9;
    }

    /** Whether a stream that has got to {@code quarters} is done (a hair of rounding is forgiven). */
    public boolean reached(double quarters) {
        return quarters >= stopQuarters - 1e-9;
    }
}
