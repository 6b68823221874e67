package dev.cadenza.runtime.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether a model's stored weights have the shapes its metadata states: the one check that {@code generate} (here,
 * on {@link OnnxBytes}) and {@code inspect} (on the protobuf classes) share, so they agree on what is a valid model.
 * The number of layers is read from the graph before anything loops over the metadata's count.
 */
public final class ModelShapes {
    /** The portable graph's four gates per layer, as the exporter names them. */
    public static final List<String> PORTABLE_GATES = List.of("i", "o", "f", "g");

    private ModelShapes() {
    }

    /** @return one line per disagreement; empty when the weights fit the metadata */
    public static List<String> problems(ModelMetadata m, Map<String, long[]> shapes) {
        List<String> problems = new ArrayList<>();
        boolean lstm = m.variant() == ModelVariant.LSTM;
        int inGraph = 0;
        while (inGraph <= ModelMetadata.MAX_LAYERS && shapes.containsKey(firstWeight(lstm, inGraph))) inGraph++;
        if (inGraph != m.layers()) {
            problems.add("the graph has " + inGraph + " LSTM layer(s) but " + ModelMetadata.KEY_LAYERS + "=" + m.layers());
            return problems; // every per-layer line would repeat this one
        }
        int v = m.vocabulary().size();
        int hidden = m.hidden();
        expect(shapes, "embedding", problems, v, m.embedding());
        for (int l = 0; l < m.layers(); l++) {
            int in = l == 0 ? m.embedding() : hidden;
            if (lstm) {
                expect(shapes, "lstm" + l + "_W", problems, 1, 4L * hidden, in);
                expect(shapes, "lstm" + l + "_R", problems, 1, 4L * hidden, hidden);
                expect(shapes, "lstm" + l + "_B", problems, 1, 8L * hidden);
            } else {
                for (String gate : PORTABLE_GATES) {
                    String name = "cell" + l + "_" + gate;
                    expect(shapes, name + "_W", problems, in, hidden);
                    expect(shapes, name + "_R", problems, hidden, hidden);
                    expect(shapes, name + "_b", problems, hidden);
                }
            }
        }
        int last = hidden;
        if (m.dense() > 0) {
            expect(shapes, "dense_W", problems, hidden, m.dense());
            expect(shapes, "dense_b", problems, m.dense());
            last = m.dense();
        } else if (shapes.containsKey("dense_W")) {
            problems.add("the graph has a dense layer but " + ModelMetadata.KEY_DENSE + "=0");
        }
        expect(shapes, "output_W", problems, last, v);
        expect(shapes, "output_b", problems, v);
        return problems;
    }

    private static String firstWeight(boolean lstm, int layer) {
        return lstm ? "lstm" + layer + "_W" : "cell" + layer + "_i_W";
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
