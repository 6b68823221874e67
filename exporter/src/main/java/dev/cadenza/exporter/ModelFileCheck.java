package dev.cadenza.exporter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelShapes;
import dev.cadenza.runtime.model.ModelMetadata;

/**
 * Decides whether an ONNX file is a usable Cadenza model: our metadata, our inputs and outputs, and stored weights
 * whose shapes agree with the sizes the metadata states (a file whose weights were swapped or edited fails here).
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
        List<String> problems = new ArrayList<>();
        checkPorts(file.inputs(), List.of(ModelFiles.TOKENS, ModelFiles.H, ModelFiles.C), "input", problems);
        checkPorts(file.outputs(), List.of(ModelFiles.PROBS, ModelFiles.H_OUT, ModelFiles.C_OUT), "output", problems);
        for (OnnxModelFile.Port p : file.inputs()) {
            if (p.name().equals(ModelFiles.H) || p.name().equals(ModelFiles.C)) {
                expectDims(p, Arrays.asList(Integer.toString(m.layers()), null, Integer.toString(m.hidden())), problems);
            }
        }
        for (OnnxModelFile.Port p : file.outputs()) {
            if (p.name().equals(ModelFiles.PROBS)) expectDims(p, Arrays.asList(null, null, Integer.toString(m.vocabulary().size())), problems);
        }

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

    private static void checkPorts(List<OnnxModelFile.Port> ports, List<String> wanted, String kind, List<String> problems) {
        List<String> names = ports.stream().map(OnnxModelFile.Port::name).toList();
        for (String w : wanted) {
            if (!names.contains(w)) problems.add("no " + kind + " '" + w + "' (has " + names + ")");
        }
    }

    /** null in {@code want} accepts any dim (the symbolic batch and steps). */
    private static void expectDims(OnnxModelFile.Port p, List<String> want, List<String> problems) {
        boolean ok = p.dims().size() == want.size();
        for (int i = 0; ok && i < want.size(); i++) ok = want.get(i) == null || want.get(i).equals(p.dims().get(i));
        if (!ok) problems.add(p.name() + " is " + p.dims() + ", metadata implies " + want.stream().map(d -> d == null ? "?" : d).toList());
    }
}
