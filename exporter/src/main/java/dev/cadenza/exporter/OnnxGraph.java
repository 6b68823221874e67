package dev.cadenza.exporter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelSignature;

/**
 * A thin layer over the generated ONNX protobuf builders, so the graph builders read as a list of operations rather
 * than as protobuf plumbing. Names are the caller's business; this class only fills in the messages.
 */
final class OnnxGraph {
    /** ONNX Runtime 1.20 runs every operator of this opset; IR version 8 is the one that goes with it. */
    static final int OPSET = 17;
    static final long IR_VERSION = 8;

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float tensor stored in the file; {@code values} are row-major for {@code dims}. */
    String floats(String name, float[] values, long... dims) {
        checkSize(name, values.length, dims);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, Onnx.TensorProto.DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    boolean hasInitializer(String name) {
        return graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(name));
    }

    /** An int64 constant tensor (shapes, axes, indices). */
    String longs(String name, long[] values, long... dims) {
        checkSize(name, values.length, dims);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, Onnx.TensorProto.DataType.INT64, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    private static Onnx.TensorProto.Builder tensor(String name, Onnx.TensorProto.DataType type, long[] dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) t.addDims(d);
        return t;
    }

    private static void checkSize(String name, int length, long[] dims) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != length) throw new IllegalArgumentException(name + ": " + length + " values for " + n + " elements");
    }

    /** A graph input; each dim is a Long (fixed) or a String (symbolic, e.g. "batch"). */
    void input(String name, Onnx.TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, Onnx.TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Onnx.TensorProto.DataType type, Object[] dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String symbol) dim.setDimParam(symbol);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        Onnx.TypeProto.Tensor.Builder tensor = Onnx.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /**
     * Adds one node. Attribute values may be Long/Integer, Float/Double, String, long[] or String[].
     *
     * @param outputs the node's output names; the first is returned for chaining
     */
    String node(String op, String[] inputs, String[] outputs, Map<String, Object> attributes) {
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType(op).setName(outputs[0] + "_" + op);
        for (String in : inputs) node.addInput(in);
        for (String out : outputs) node.addOutput(out);
        attributes.forEach((key, value) -> node.addAttribute(attribute(key, value)));
        graph.addNode(node);
        return outputs[0];
    }

    String node(String op, String output, String... inputs) {
        return node(op, inputs, new String[] {output}, Map.of());
    }

    private static Onnx.AttributeProto attribute(String name, Object value) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ints) {
            a.setType(Onnx.AttributeProto.AttributeType.INTS);
            for (long i : ints) a.addInts(i);
        } else if (value instanceof String[] strings) {
            a.setType(Onnx.AttributeProto.AttributeType.STRINGS);
            for (String s : strings) a.addStrings(ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException("unsupported attribute type for " + name + ": " + value);
        }
        return a.build();
    }

    /** The finished model: this graph, opset {@link #OPSET}, our producer and the given metadata. */
    Onnx.ModelProto model(Map<String, String> metadata) {
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(ModelMetadata.PRODUCER)
                .setProducerVersion(ModelMetadata.PRODUCER_VERSION)
                .setGraph(graph)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }
}
