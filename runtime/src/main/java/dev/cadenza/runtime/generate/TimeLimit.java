package dev.cadenza.runtime.generate;

/**
 * Where a row stops in musical time: once its stream (primer included) reaches {@code stopQuarters} quarter notes on
 * {@code clock}, no further onset may come, so the row finishes ({@link GenerationListener.Finish#TIME}).
 * {@link MusicLength#limit} puts the stop on a bar line.
 *
 * @param clock        how far each id moves time on
 * @param stopQuarters the time, from the start of the stream, at which the row stops
 */
public record TimeLimit(MusicClock clock, double stopQuarters) {
    public TimeLimit {
        if (clock == null) throw new IllegalArgumentException("a clock is required");
        if (!(stopQuarters > 0) || Double.isInfinite(stopQuarters)) {
            throw new IllegalArgumentException("the stop must be a positive time in quarter notes, got " + stopQuarters);
        }
    }

    /** Whether a stream that has got to {@code quarters} is done (a hair of rounding is forgiven). */
    public boolean reached(double quarters) {
        return quarters >= stopQuarters - 1e-9;
    }
}
