package dev.cadenza.runtime.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests of a model's graph (every operator and every weight, byte for byte as stored) under {@link #KEY},
 * and of its metadata (vocabulary, encoding, tempo, every other entry) under {@link #METADATA_KEY}, both kept in the
 * model's own metadata. The exporter adds them; the runtime and {@code inspect} recompute them on load, so a file
 * altered after export (a flipped bit on disk or in transit, a hand edit, two tokens swapped in the vocabulary) is
 * refused instead of generating quietly wrong music.
 *
 * <p>Models exported before a digest existed load, and {@code inspect} says what cannot be checked for them: no
 * digest at all, or the weights' digest only ("unverified metadata").
 */
public final class ModelDigest {
    public static final String KEY = "cadenza.graph_sha256";
    public static final String METADATA_KEY = "cadenza.metadata_sha256";

    /** What the check found. */
    public enum Status {
        /** The stored digests match the graph and the metadata. */
        VERIFIED,
        /** The weights' digest matches; the file has no metadata digest (exported before Cadenza stored one). */
        WEIGHTS_ONLY,
        /** The file carries no digest (exported before Cadenza stored one). */
        ABSENT
    }

    /**
     * The hex SHA-256 of the metadata entries other than the two digests, in key order, each as its UTF-8 key and value
     * with their lengths (so no two different sets of entries feed the same bytes).
     */
    public static String ofMetadata(java.util.Map<String, String> metadata) {
        MessageDigest sha = sha256();
        for (String key : new java.util.TreeMap<>(metadata).keySet()) {
            if (key.equals(KEY) || key.equals(METADATA_KEY)) continue;
            for (String part : new String[] {key, metadata.get(key)}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
                sha.update(b);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
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
        String recordedMeta = model.metadata().get(METADATA_KEY);
        if (recordedMeta == null) return Status.WEIGHTS_ONLY;
        String storedMeta = recordedMeta.strip().toLowerCase(java.util.Locale.ROOT);
        if (!storedMeta.matches("[0-9a-f]{64}")) throw new ModelFileException(file, METADATA_KEY + " is not a SHA-256 digest");
        String actualMeta = ofMetadata(model.metadata());
        if (!MessageDigest.isEqual(actualMeta.getBytes(StandardCharsets.US_ASCII), storedMeta.getBytes(StandardCharsets.US_ASCII))) {
            throw new ModelFileException(file, "the metadata (vocabulary, encoding, tempo ...) does not match the digest "
                    + "recorded at export: the file was altered or damaged after export; export it again or restore a good copy");
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
        if (model.metadata().containsKey(METADATA_KEY)) throw new IllegalArgumentException("the model already has " + METADATA_KEY);
        byte[] out = modelBytes;
        // A model that has the weights' digest only (exported before the metadata one) gets the metadata one added.
        if (!model.metadata().containsKey(KEY)) out = concat(out, entry(KEY, of(model)));
        return concat(out, entry(METADATA_KEY, ofMetadata(model.metadata())));
    }

    private static byte[] entry(String key, String value) {
        return field(14, concat(field(1, key.getBytes(StandardCharsets.UTF_8)), field(2, value.getBytes(StandardCharsets.US_ASCII))));
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
