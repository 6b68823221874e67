package dev.cadenza.runtime.codec;

/**
 * Snaps a time in quarter notes the way music21's {@code Stream.quantize} does when it imports MIDI: with its default
 * divisors (4, 3) a time goes to the nearest multiple of 1/4 or of 1/3 of a quarter note. For each divisor the
 * nearest multiple is found (exactly half-way rounds down); the divisor with the smaller error wins, and on equal
 * errors (compared to 7 decimals) the smaller multiple wins.
 */
public final class Music21Grid {
    private static final int[] DIVISORS = {4, 3};

    private Music21Grid() {
    }

    public static double snap(double quarters) {
        double best = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        for (int divisor : DIVISORS) {
            double unit = 1.0 / divisor;
            double low = Math.floor(quarters / unit) * unit;
            double match = quarters - low <= unit / 2 ? low : low + unit;
            double error = round7(Math.abs(quarters - match));
            if (error < bestError || (error == bestError && match < best)) {
                best = match;
                bestError = error;
            }
        }
        return best;
    }

    private static double round7(double x) {
        return Math.round(x * 1e7) / 1e7;
    }
}
