package dev.cadenza.trainer;

/** Derives independent seeds from (run seed, epoch, batch), so any batch's randomness can be recreated on resume. */
final class Seeds {
    private Seeds() {
    }

    static long mix(long seed, int epoch, int batch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
