package dev.cadenza.runtime.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of a model's graph (every operator and every weight, byte for byte as stored), kept in the
 * model's own metadata under {@link #KEY}. The exporter adds it; the runtime and {@code inspect} recompute it on
 * load, so a file whose weights were altered after export (a flipped bit on disk or in transit, a hand edit) is
 * refused instead of generating quietly wrong music. The metadata is not covered: it is checked field by field.
 *
 * <p>Models exported before the digest existed have none; they load, and {@code inspect} says that tampering
 * cannot be detected for them.
 */
public final class ModelDigest {
    public static final String KEY = "cadenza.graph_sha256";

    /** What the check found. */
    public enum Status {
        /** The stored digest matches the graph. */
        VERIFIED,
        /** The file carries no digest (exported before Cadenza stored one). */
        ABSENT
    }

    private ModelDigest() {
    }

    /** The hex SHA-256 of the graph's bytes. */
    public static String of(OnnxBytes model) {
        MessageDigest sha = sha256();
        model.digestGraph(sha);
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * @throws ModelFileException when the file records a digest that differs from its graph, or a malformed one
     */
    public static Status verify(Path file, OnnxBytes model) throws ModelFileException {
        String recorded = model.metadata().get(KEY);
        if (recorded == null) return Status.ABSENT;
        String stored = recorded.strip().toLowerCase(java.util.Locale.ROOT);
        if (!stored.matches("[0-9a-f]{64}")) throw new ModelFileException(file, KEY + " is not a SHA-256 digest");
        String actual = of(model);
        if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII))) {
            throw new ModelFileException(file, "the weights do not match the digest recorded at export (graph sha256 "
                    + actual.substring(0, 12) + "..., recorded " + stored.substring(0, 12) + "...): the file was "
                    + "altered or damaged after export; export it again or restore a good copy");
        }
        return Status.VERIFIED;
    }

    /**
     * The same model with its digest added as one more metadata entry, appended at the end: protobuf merges repeated
     * fields wherever they appear, so the graph's bytes stay exactly as they were.
     *
     * @throws IllegalArgumentException when the bytes are not a model or already carry a digest
     */
    public static byte[] stamp(byte[] modelBytes) {
        OnnxBytes model = OnnxBytes.parse(modelBytes);
        if (model.metadata().containsKey(KEY)) throw new IllegalArgumentException("the model already has " + KEY);
        byte[] entry = concat(field(1, KEY.getBytes(StandardCharsets.UTF_8)), field(2, of(model).getBytes(StandardCharsets.US_ASCII)));
        return concat(modelBytes, field(14, entry));
    }

    /** A length-delimited protobuf field: tag, length, bytes. */
    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 10);
        varint(out, (long) number << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
