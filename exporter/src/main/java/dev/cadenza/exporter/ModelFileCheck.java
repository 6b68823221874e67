package dev.cadenza.exporter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelShapes;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelSignature;

/**
 * Decides whether an ONNX file is a usable Cadenza model, for {@code inspect}: the runtime's own checks of the model
 * contract ({@link ModelShapes} for the weights, {@link ModelSignature} for the ports, {@link ModelDigest}) run on the
 * protobuf the exporter reads, so inspect and generate give the same verdict.
 */
public final class ModelFileCheck {
    private ModelFileCheck() {
    }

    /** @return the file's metadata when everything agrees */
    public static ModelMetadata check(OnnxModelFile file) throws ModelFileException {
        ModelMetadata m = file.metadata();
        // The weights first, with the runtime's own check, so inspect and generate give the same verdict.
        List<String> weights = ModelShapes.problems(m, file.initializerShapes());
        if (!weights.isEmpty()) throw new ModelFileException(file.file(), "does not match its metadata: " + String.join("; ", weights));
        List<String> problems = ModelSignature.problems(m, shapes(file.inputs()), shapes(file.outputs()));
        if (!problems.isEmpty()) throw new ModelFileException(file.file(), "does not match its metadata: " + String.join("; ", problems));
        ModelDigest.verify(file.file(), file.bytes());
        return m;
    }

    /** Trainable parameters of the network the metadata describes (ONNX's extra zero recurrent bias not counted). */
    public static long parameters(ModelMetadata m) {
        long v = m.vocabulary().size();
        long h = m.hidden();
        long n = v * m.embedding();
        for (int l = 0; l < m.layers(); l++) n += 4 * h * ((l == 0 ? m.embedding() : h) + h + 1);
        long last = h;
        if (m.dense() > 0) {
            n += h * m.dense() + m.dense();
            last = m.dense();
        }
        return n + last * v + v;
    }

    /** Port shapes as {@link ModelSignature} takes them: a named (symbolic) dimension is open. */
    private static Map<String, long[]> shapes(List<OnnxModelFile.Port> ports) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (OnnxModelFile.Port p : ports) {
            shapes.put(p.name(), p.dims().stream().mapToLong(ModelFileCheck::dim).toArray());
        }
        return shapes;
    }

    private static long dim(String d) {
        try {
            return Long.parseLong(d);
        } catch (NumberFormatException symbolic) {
            return ModelSignature.ANY;
        }
    }
}
