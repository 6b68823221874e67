package dev.cadenza.runtime.codec;

/**
 * MIDI velocities 1..127 split into {@code count} bins of (nearly) equal width, numbered 1..count. A velocity
 * decodes to the middle of its bin, so a round trip moves it by at most half a bin.
 */
final class VelocityBins {
    private final int count;
    private final int[] lowest;
    private final int[] highest;

    VelocityBins(int count) {
        if (count < 1 || count > 127) throw new IllegalArgumentException("velocity bins must be 1..127, got " + count);
        this.count = count;
        this.lowest = new int[count + 1];
        this.highest = new int[count + 1];
        for (int v = 127; v >= 1; v--) lowest[bin(v)] = v;
        for (int v = 1; v <= 127; v++) highest[bin(v)] = v;
    }

    int count() {
        return count;
    }

    /** The bin of a velocity, 1..count (velocities outside 1..127 are clamped). */
    int bin(int velocity) {
        int v = Math.max(1, Math.min(127, velocity));
        return (v - 1) * count / 127 + 1;
    }

    /** The velocity a bin decodes to: the middle of its range, rounded down. */
    int centre(int bin) {
        return (lowest[bin] + highest[bin]) / 2;
    }

    int lowest(int bin) {
        return lowest[bin];
    }

    int highest(int bin) {
        return highest[bin];
    }
}
