package dev.cadenza.spark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The train/validation split by whole piece that {@code spark prepare} records: a piece validates when the first
 * eight bytes of the SHA-256 of its corpus-relative name, read as a fraction of 2^64, fall below the share. It looks
 * at the name alone, so a piece keeps its side however the corpus grows, on any machine and in any partition.
 */
public final class StableSplit {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    /** How the rule reads in the recorded split.json. */
    public static final String RULE = "validation when sha256(piece name, UTF-8), first 8 bytes big-endian as an unsigned "
            + "fraction of 2^64, is below the share; if that leaves none, the piece with the smallest such fraction";

    private StableSplit() {
    }

    /** The piece's place in [0, 1). */
    public static double fraction(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long top = ByteBuffer.wrap(digest, 0, 8).getLong();
            return (top >>> 11) * 0x1.0p-53; // the top 53 bits: exactly representable as a double in [0, 1)
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String side(String name, double validationShare) {
        return fraction(name) < validationShare ? VALIDATION : TRAIN;
    }
}
