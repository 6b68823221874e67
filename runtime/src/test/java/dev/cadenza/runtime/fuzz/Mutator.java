package dev.cadenza.runtime.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutator of file bytes, the kinds of damage real files suffer and hostile ones are made of: bit flips,
 * cuts, inserted and deleted runs of bytes, boundary values written over bytes, and edits of the length fields the
 * format's parser trusts (MIDI chunk lengths and track counts, protobuf lengths). The same seed gives the same
 * sequence of inputs, so every failure can be replayed from the seed and the input number.
 */
final class Mutator {
    /** Where a format keeps its length fields: offsets and widths, found by walking a valid file once. */
    record LengthField(int offset, int width, boolean varint) {
    }

    private static final int[] BOUNDARY = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};

    private final SplittableRandom random;

    Mutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One to four mutations of {@code original}; the original is not changed. */
    byte[] mutate(byte[] original, List<LengthField> lengths) {
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            switch (random.nextInt(lengths.isEmpty() ? 7 : 9)) {
                case 0, 1 -> flipBits(b);
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 3 -> b = insert(b);
                case 4 -> b = delete(b);
                case 5 -> b[random.nextInt(b.length)] = (byte) BOUNDARY[random.nextInt(BOUNDARY.length)];
                case 6 -> b = duplicate(b);
                default -> b = editLength(b, lengths.get(random.nextInt(lengths.size())), original.length);
            }
        }
        return b;
    }

    private void flipBits(byte[] b) {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
    }

    private byte[] insert(byte[] b) {
        int at = random.nextInt(b.length + 1);
        byte[] run = new byte[1 + random.nextInt(random.nextInt(8) == 0 ? 4096 : 16)];
        if (random.nextBoolean()) {
            for (int i = 0; i < run.length; i++) run[i] = (byte) random.nextInt(256);
        } else {
            Arrays.fill(run, (byte) BOUNDARY[random.nextInt(BOUNDARY.length)]);
        }
        return splice(b, at, 0, run);
    }

    private byte[] delete(byte[] b) {
        int at = random.nextInt(b.length);
        int n = 1 + random.nextInt(Math.min(64, b.length - at));
        return splice(b, at, n, new byte[0]);
    }

    /** Copies a run of the file over another place: repeated chunks, events and fields. */
    private byte[] duplicate(byte[] b) {
        int from = random.nextInt(b.length);
        int n = 1 + random.nextInt(Math.min(256, b.length - from));
        int at = random.nextInt(b.length + 1);
        return splice(b, at, 0, Arrays.copyOfRange(b, from, from + n));
    }

    /** Writes a new value into a length field: zero, one off, huge, the maximum, or random. */
    private byte[] editLength(byte[] b, LengthField field, int fileLength) {
        if (field.offset() + field.width() > b.length) return b;
        long old = field.varint() ? 0 : bigEndian(b, field.offset(), field.width());
        long value = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> old + 1;
            case 2 -> Math.max(0, old - 1);
            case 3 -> (1L << (8 * Math.min(field.width(), 4))) - 1;
            case 4 -> fileLength + random.nextInt(1000);
            default -> random.nextLong(1L << 31);
        };
        if (!field.varint()) {
            for (int i = 0; i < field.width(); i++) b[field.offset() + i] = (byte) (value >>> (8 * (field.width() - 1 - i)));
            return b;
        }
        return splice(b, field.offset(), field.width(), varint(value));
    }

    private static long bigEndian(byte[] b, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    static byte[] varint(long value) {
        byte[] out = new byte[10];
        int n = 0;
        while ((value & ~0x7fL) != 0) {
            out[n++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[n++] = (byte) value;
        return Arrays.copyOf(out, n);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** MIDI: every chunk's 32-bit length, and the header's track count. */
    static List<LengthField> midiLengths(byte[] b) {
        List<LengthField> out = new ArrayList<>();
        out.add(new LengthField(10, 2, false));
        int at = 0;
        while (at + 8 <= b.length) {
            out.add(new LengthField(at + 4, 4, false));
            long length = bigEndian(b, at + 4, 4);
            if (at + 8 + length > b.length) break;
            at += 8 + (int) length;
        }
        return out;
    }

    /** ONNX: the length of every field of the model and of its graph (protobuf varints). */
    static List<LengthField> protobufLengths(byte[] b) {
        List<LengthField> out = new ArrayList<>();
        walk(b, 0, b.length, out, true);
        return out;
    }

    /** Where the graph field of a valid model ends: what follows is opset and metadata. */
    static int afterGraph(byte[] b) {
        int at = 0;
        while (at < b.length) {
            long[] tag = readVarint(b, at);
            at = (int) tag[1];
            int wire = (int) (tag[0] & 7);
            if (wire == 0) {
                at = (int) readVarint(b, at)[1];
            } else if (wire == 2) {
                long[] length = readVarint(b, at);
                at = (int) length[1] + (int) length[0];
                if (tag[0] >>> 3 == 7) return at;
            } else {
                at += wire == 1 ? 8 : 4;
            }
        }
        throw new IllegalArgumentException("no graph");
    }

    private static void walk(byte[] b, int at, int end, List<LengthField> out, boolean top) {
        while (at < end) {
            long[] tag = readVarint(b, at);
            at = (int) tag[1];
            int wire = (int) (tag[0] & 7);
            int field = (int) (tag[0] >>> 3);
            if (wire == 0) {
                at = (int) readVarint(b, at)[1];
            } else if (wire == 2) {
                long[] length = readVarint(b, at);
                out.add(new LengthField(at, (int) length[1] - at, true));
                int body = (int) length[1];
                if (top && field == 7) walk(b, body, body + (int) length[0], out, false);
                at = body + (int) length[0];
            } else {
                at += wire == 1 ? 8 : 4;
            }
        }
    }

    private static long[] readVarint(byte[] b, int at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[at++];
            value |= (long) (x & 0x7f) << shift;
            if (x >= 0) return new long[] {value, at};
        }
    }
}
