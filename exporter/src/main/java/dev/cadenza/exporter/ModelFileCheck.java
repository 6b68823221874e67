package dev.cadenza.exporter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.model.ModelFileException;
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

        Map<String, long[]> shapes = file.initializerShapes();
        int v = m.vocabulary().size();
        int hidden = m.hidden();
        expect(shapes, "embedding", problems, v, m.embedding());
        boolean int8 = m.variant().equals(ModelMetadata.VARIANT_INT8);
        boolean lstm = int8 || m.variant().equals(ModelMetadata.VARIANT_LSTM);
        for (int l = 0; l < m.layers(); l++) {
            int in = l == 0 ? m.embedding() : hidden;
            if (int8) {
                // DynamicQuantizeLSTM takes its weights as [1, in, 4H], the transpose of the ONNX LSTM's
                expect(shapes, "lstm" + l + "_W", problems, 1, in, 4L * hidden);
                expect(shapes, "lstm" + l + "_R", problems, 1, hidden, 4L * hidden);
                expect(shapes, "lstm" + l + "_B", problems, 1, 8L * hidden);
            } else if (lstm) {
                expect(shapes, "lstm" + l + "_W", problems, 1, 4L * hidden, in);
                expect(shapes, "lstm" + l + "_R", problems, 1, 4L * hidden, hidden);
                expect(shapes, "lstm" + l + "_B", problems, 1, 8L * hidden);
            } else {
                for (String gate : PortableGraphBuilder.GATES) {
                    String name = "cell" + l + "_" + gate;
                    expect(shapes, name + "_W", problems, in, hidden);
                    expect(shapes, name + "_R", problems, hidden, hidden);
                    expect(shapes, name + "_b", problems, hidden);
                }
            }
        }
        String extraLayer = lstm ? "lstm" + m.layers() + "_W" : "cell" + m.layers() + "_i_W";
        if (shapes.containsKey(extraLayer)) problems.add("the graph has more LSTM layers than cadenza.layers=" + m.layers());
        int last = hidden;
        if (m.dense() > 0) {
            expect(shapes, "dense_W", problems, hidden, m.dense());
            expect(shapes, "dense_b", problems, m.dense());
            last = m.dense();
        } else if (shapes.containsKey("dense_W")) {
            problems.add("the graph has a dense layer but cadenza.dense=0");
        }
        expect(shapes, "output_W", problems, last, v);
        expect(shapes, "output_b", problems, v);
        if (!problems.isEmpty()) throw new ModelFileException(file.file(), "does not match its metadata: " + String.join("; ", problems));
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

    private static void expect(Map<String, long[]> shapes, String name, List<String> problems, long... dims) {
        long[] got = shapes.get(name);
        if (got == null) {
            problems.add("no weights '" + name + "'");
        } else if (!Arrays.equals(got, dims)) {
            problems.add("weights '" + name + "' are " + Arrays.toString(got) + ", metadata implies " + Arrays.toString(dims));
        }
    }
}
