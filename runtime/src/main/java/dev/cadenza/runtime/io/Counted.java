package dev.cadenza.runtime.io;

/** A count with its noun in the right number, for messages: "1 epoch", "6 epochs". */
public final class Counted {
    private Counted() {
    }

    /** {@code noun} is the singular; the plural adds an s (every noun the messages count does). */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
