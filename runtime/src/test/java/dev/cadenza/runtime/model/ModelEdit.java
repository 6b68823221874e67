package dev.cadenza.runtime.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tampered copies of a real model for tests: metadata values replaced (or removed, with a null value) at the
 * protobuf level, the graph left byte for byte as it was. What a user with a hex editor or a script could do.
 */
public final class ModelEdit {
    private ModelEdit() {
    }

    /** Copies {@code model} to {@code target} with each key set to its value (null removes the key). */
    public static Path withMetadata(Path model, Path target, Map<String, String> changes) throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        Map<String, String> metadata = OnnxBytes.parse(bytes).metadata();
        int at = 0;
        while (at < bytes.length) {
            int start = at;
            long[] tag = varint(bytes, at);
            at = (int) tag[1];
            int field = (int) (tag[0] >>> 3);
            int wire = (int) (tag[0] & 7);
            if (wire == 0) {
                at = (int) varint(bytes, at)[1];
            } else if (wire == 2) {
                long[] length = varint(bytes, at);
                at = (int) length[1] + (int) length[0];
            } else {
                at += wire == 1 ? 8 : 4;
            }
            if (field != 14) out.write(bytes, start, at - start); // metadata is written again below
        }
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        changes.forEach((k, v) -> {
            if (v == null) merged.remove(k);
            else merged.put(k, v);
        });
        merged.forEach((k, v) -> out.writeBytes(field(14, concat(field(1, utf8(k)), field(2, utf8(v))))));
        Files.write(target, out.toByteArray());
        return target;
    }

    public static Path withMetadata(Path model, Path target, String key, String value) throws IOException {
        Map<String, String> change = new LinkedHashMap<>();
        change.put(key, value);
        return withMetadata(model, target, change);
    }

    /** Copies the model and flips one bit at {@code offset}. */
    public static Path flipBit(Path model, Path target, int offset, int bit) throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        bytes[offset] ^= (byte) (1 << bit);
        Files.write(target, bytes);
        return target;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long[] varint(byte[] b, int at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[at++];
            value |= (long) (x & 0x7f) << shift;
            if (x >= 0) return new long[] {value, at};
        }
    }

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) number << 3 | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
