package dev.cadenza.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelFileBytes;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.OnnxBytes;
import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * An ONNX file read with the protobuf classes: what {@code inspect} shows and checks. Opset, initializers and the
 * graph's declared shapes are only visible here, not through ONNX Runtime's API.
 */
public final class OnnxModelFile {
    private final Path file;
    private final long size;
    private final Onnx.ModelProto model;
    private final OnnxBytes bytes;

    private OnnxModelFile(Path file, long size, Onnx.ModelProto model, OnnxBytes bytes) {
        this.file = file;
        this.size = size;
        this.model = model;
        this.bytes = bytes;
    }

    /** @throws ModelFileException if the file is missing, unreadable or not an ONNX model */
    public static OnnxModelFile read(Path file) throws ModelFileException {
        byte[] bytes = ModelFileBytes.read(file);
        OnnxBytes scanned;
        try {
            // Our own strict reader first: it checks every length before protobuf-java sizes anything by it.
            scanned = OnnxBytes.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "not an ONNX model (" + e.getMessage() + ")", e);
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFileException(file, "not an ONNX model (truncated or corrupt protobuf: " + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelFileException(file, "not an ONNX model (no graph)");
        }
        return new OnnxModelFile(file, bytes.length, model, scanned);
    }

    public Path file() {
        return file;
    }

    /** The same file as the runtime's checks see it. */
    public OnnxBytes bytes() {
        return bytes;
    }

    public long size() {
        return size;
    }

    public String producer() {
        return model.getProducerName() + (model.getProducerVersion().isEmpty() ? "" : " " + model.getProducerVersion());
    }

    /** The default-domain opset the file declares, 0 if none. */
    public long opset() {
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) return o.getVersion();
        }
        return 0;
    }

    public Map<String, String> metadataProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        for (Onnx.StringStringEntryProto e : model.getMetadataPropsList()) p.put(e.getKey(), e.getValue());
        return p;
    }

    /** A graph input or output: name, element type and dims (numbers, or names for symbolic dims). */
    public record Port(String name, String type, List<String> dims) {
        @Override
        public String toString() {
            return name + " " + type + " [" + String.join(", ", dims) + "]";
        }
    }

    public List<Port> inputs() {
        return ports(model.getGraph().getInputList());
    }

    public List<Port> outputs() {
        return ports(model.getGraph().getOutputList());
    }

    private static List<Port> ports(List<Onnx.ValueInfoProto> values) {
        List<Port> out = new ArrayList<>();
        for (Onnx.ValueInfoProto v : values) {
            Onnx.TypeProto.Tensor t = v.getType().getTensorType();
            List<String> dims = new ArrayList<>();
            for (Onnx.TensorShapeProto.Dimension d : t.getShape().getDimList()) {
                dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam());
            }
            String type = Onnx.TensorProto.DataType.forNumber(t.getElemType()) == null ? "type " + t.getElemType()
                    : Onnx.TensorProto.DataType.forNumber(t.getElemType()).name().toLowerCase();
            out.add(new Port(v.getName(), type, dims));
        }
        return out;
    }

    /** Shapes of the stored tensors, by name. */
    public Map<String, long[]> initializerShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        return shapes;
    }

    public List<String> operators() {
        return model.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).distinct().toList();
    }

    /**
     * Reads and checks our metadata.
     *
     * @throws ModelFileException naming what is missing or bad
     */
    public ModelMetadata metadata() throws ModelFileException {
        try {
            return ModelMetadata.fromProperties(metadataProperties(), file.toString());
        } catch (IllegalArgumentException e) {
            // fromProperties names the file itself; keep its one line as it is
            throw new ModelFileException(file, stripSource(e.getMessage()), e);
        }
    }

    private String stripSource(String message) {
        String prefix = file.toString();
        if (message.startsWith(prefix)) {
            String rest = message.substring(prefix.length());
            return rest.startsWith(": ") ? rest.substring(2) : rest.strip();
        }
        return message;
    }
}
