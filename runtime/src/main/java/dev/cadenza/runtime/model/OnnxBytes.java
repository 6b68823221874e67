package dev.cadenza.runtime.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX file (a protobuf {@code ModelProto}) the runtime checks before ONNX Runtime sees it: where the
 * graph lies, the metadata entries and the shape of every stored tensor. A small strict reader of the protobuf wire
 * format, so the runtime needs no protobuf library: every length is checked against the bytes that remain, so a
 * corrupt or hostile file fails here with a reason instead of sizing anything by a number it claims.
 */
public final class OnnxBytes {
    // Field numbers from onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_METADATA = 14;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    /**
     * The longest metadata value read: a vocabulary of thousands of tokens is tens of KiB. A larger value is refused
     * before anything is made of it, so no file can make a reader hold gigabytes of text.
     */
    public static final int MAX_METADATA_VALUE = 4 << 20;
    private static final int TENSOR_NAME = 8;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    private static final int MAX_DIMS = 16;

    private final byte[] bytes;
    private final int graphOffset;
    private final int graphLength;
    private final Map<String, String> metadata;
    private final Map<String, long[]> initializerShapes;

    private OnnxBytes(byte[] bytes, int graphOffset, int graphLength, Map<String, String> metadata,
                      Map<String, long[]> initializerShapes) {
        this.bytes = bytes;
        this.graphOffset = graphOffset;
        this.graphLength = graphLength;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.initializerShapes = Collections.unmodifiableMap(initializerShapes);
    }

    /** @throws IllegalArgumentException with a short reason when the bytes are not a well-formed ONNX model */
    public static OnnxBytes parse(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("empty file (0 bytes)");
        Reader top = new Reader(bytes, 0, bytes.length);
        int graphOffset = -1;
        int graphLength = 0;
        Map<String, String> metadata = new LinkedHashMap<>();
        while (top.more()) {
            int field = top.tag();
            if (field == MODEL_GRAPH && top.wire == 2) {
                if (graphOffset >= 0) throw new IllegalArgumentException("more than one graph");
                graphLength = top.length();
                graphOffset = top.at;
                top.at += graphLength;
            } else if (field == MODEL_METADATA && top.wire == 2) {
                int length = top.length();
                readEntry(new Reader(bytes, top.at, top.at + length), metadata);
                top.at += length;
            } else {
                top.skip();
            }
        }
        if (graphOffset < 0) throw new IllegalArgumentException("no graph");
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Reader graph = new Reader(bytes, graphOffset, graphOffset + graphLength);
        while (graph.more()) {
            int field = graph.tag();
            if (field == GRAPH_INITIALIZER && graph.wire == 2) {
                int length = graph.length();
                readTensor(new Reader(bytes, graph.at, graph.at + length), shapes);
                graph.at += length;
            } else {
                graph.skip();
            }
        }
        return new OnnxBytes(bytes, graphOffset, graphLength, metadata, shapes);
    }

    private static void readEntry(Reader r, Map<String, String> metadata) {
        String key = null;
        String value = "";
        while (r.more()) {
            int field = r.tag();
            if ((field == ENTRY_KEY || field == ENTRY_VALUE) && r.wire == 2) {
                int n = r.peekLength();
                if (n > MAX_METADATA_VALUE) {
                    throw new IllegalArgumentException("a metadata " + (field == ENTRY_KEY ? "key" : "value" + (key == null ? "" : " ('" + key + "')"))
                            + " of " + n + " bytes; at most " + MAX_METADATA_VALUE + " are read");
                }
                String text = r.string();
                if (field == ENTRY_KEY) key = text;
                else value = text;
            } else {
                r.skip();
            }
        }
        if (key == null) throw new IllegalArgumentException("a metadata entry without a key");
        if (metadata.put(key, value) != null) throw new IllegalArgumentException("metadata key '" + key + "' appears twice");
    }

    private static void readTensor(Reader r, Map<String, long[]> shapes) {
        String name = null;
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        int rawFrom = -1;
        int rawLength = 0;
        boolean nonFinite = false;
        while (r.more()) {
            int field = r.tag();
            if (field == TENSOR_DATA_TYPE && r.wire == 0) {
                dataType = (int) r.varint();
            } else if (field == TENSOR_RAW_DATA && r.wire == 2) {
                rawLength = r.length();
                rawFrom = r.at;
                r.at += rawLength;
            } else if (field == TENSOR_FLOAT_DATA && r.wire == 5) {
                nonFinite |= !Float.isFinite(Float.intBitsToFloat(r.fixed32()));
            } else if (field == TENSOR_FLOAT_DATA && r.wire == 2) { // packed
                int length = r.length();
                int end = r.at + length;
                if (length % 4 != 0) throw new IllegalArgumentException("packed floats of " + length + " bytes");
                while (r.at < end) nonFinite |= !Float.isFinite(Float.intBitsToFloat(r.fixed32()));
            } else if (field == TENSOR_DIMS && r.wire == 0) {
                dims.add(r.varint());
            } else if (field == TENSOR_DIMS && r.wire == 2) { // packed
                int length = r.length();
                int end = r.at + length;
                while (r.at < end) dims.add(r.varint());
                if (r.at != end) throw new IllegalArgumentException("a packed field overruns its length");
            } else if (field == TENSOR_NAME && r.wire == 2) {
                name = r.string();
            } else {
                r.skip();
            }
            if (dims.size() > MAX_DIMS) throw new IllegalArgumentException("a tensor with more than " + MAX_DIMS + " dimensions");
        }
        if (dataType == FLOAT && rawFrom >= 0) {
            for (int i = rawFrom; i + 4 <= rawFrom + rawLength && !nonFinite; i += 4) {
                int bits = (r.b[i] & 0xff) | (r.b[i + 1] & 0xff) << 8 | (r.b[i + 2] & 0xff) << 16 | (r.b[i + 3] & 0xff) << 24;
                nonFinite = !Float.isFinite(Float.intBitsToFloat(bits));
            }
        }
        // A NaN or infinite weight makes every probability NaN: pieces of no notes, written without complaint.
        if (nonFinite) throw new IllegalArgumentException("the weights" + (name == null ? "" : " '" + name + "'") + " hold NaN or infinite values");
        if (name != null) shapes.put(name, dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** The raw bytes of the graph (operators and every weight), as stored in the file. */
    public byte[] graphBytes() {
        return java.util.Arrays.copyOfRange(bytes, graphOffset, graphOffset + graphLength);
    }

    /** Feeds the graph's bytes to a digest without copying them. */
    void digestGraph(java.security.MessageDigest digest) {
        digest.update(bytes, graphOffset, graphLength);
    }

    /** The file's {@code metadata_props}, in file order. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Dims of every stored tensor (initializer), by name. */
    public Map<String, long[]> initializerShapes() {
        return initializerShapes;
    }

    /** A cursor over one protobuf message; every read is bounds-checked. */
    private static final class Reader {
        final byte[] b;
        final int end;
        int at;
        int wire;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        /** Reads a tag; returns the field number and sets {@link #wire}. */
        int tag() {
            long tag = varint();
            wire = (int) (tag & 7);
            long field = tag >>> 3;
            if (field < 1 || field > (1 << 29) - 1) throw new IllegalArgumentException("bad field number " + field);
            return (int) field;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) throw new IllegalArgumentException("truncated (a number runs past the end)");
                byte x = b[at++];
                value |= (long) (x & 0x7f) << shift;
                if (x >= 0) return value;
            }
            throw new IllegalArgumentException("a number longer than 10 bytes");
        }

        /** The length of the length-delimited field at the cursor, without moving it. */
        int peekLength() {
            int from = at;
            int n = length();
            at = from;
            return n;
        }

        int fixed32() {
            advance(4);
            return (b[at - 4] & 0xff) | (b[at - 3] & 0xff) << 8 | (b[at - 2] & 0xff) << 16 | (b[at - 1] & 0xff) << 24;
        }

        int length() {
            long n = varint();
            if (n < 0 || n > end - at) {
                throw new IllegalArgumentException("truncated or corrupt (a field claims " + n + " bytes, " + (end - at) + " remain)");
            }
            return (int) n;
        }

        String string() {
            int n = length();
            String s = new String(b, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        void skip() {
            switch (wire) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> {
                    int n = length(); // not "at += length()": that would add to the value of at before the length was read
                    at += n;
                }
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
        }

        private void advance(int n) {
            if (end - at < n) throw new IllegalArgumentException("truncated (a fixed-size field runs past the end)");
            at += n;
        }
    }
}
