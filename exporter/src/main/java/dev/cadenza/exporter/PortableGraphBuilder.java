package dev.cadenza.exporter;

import java.util.Map;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelSignature;
import dev.cadenza.runtime.model.ModelVariant;
import onnx.Onnx;

/**
 * The {@code portable} variant: the same weights, one step per call, the LSTM cell spelled out in primitive
 * operators for runtimes without the {@code LSTM} operator (SameDiff's ONNX importer among them). Per layer:
 *
 * <pre>
 * gates = x W + h R + b            (W [nIn, 4H], R [H, 4H], b [4H]; blocks i, o, f, g)
 * i, o, f = sigmoid;  g = tanh
 * c' = f * c + i * g;  h' = o * tanh(c')
 * </pre>
 *
 * Only Gather, Flatten, Reshape, Gemm, Add, Mul, Sigmoid, Tanh, Relu, Concat and Softmax are used, on 2-D tensors
 * where possible, because those are the forms the importer handles.
 */
final class PortableGraphBuilder {
    private static final Onnx.TensorProto.DataType FLOAT = Onnx.TensorProto.DataType.FLOAT;
    /** Gate names in ONNX's order. */
    static final String[] GATES = {"i", "o", "f", "g"};
    /** Gemm as a plain product: alpha 1, no C (see {@link #gemm}). */
    private static final Map<String, Object> GEMM = Map.of("alpha", 1.0f, "beta", 0.0f, "transA", 0L, "transB", 0L);

    private PortableGraphBuilder() {
    }

    static Onnx.ModelProto build(NetworkWeights w, ModelMetadata metadata) {
        if (!metadata.variant().equals(ModelVariant.PORTABLE)) throw new IllegalArgumentException("metadata is not for the portable variant");
        int layers = w.layers();
        int hidden = w.hidden();
        int vocab = w.vocabulary();
        OnnxGraph g = new OnnxGraph("cadenza_portable");
        g.input(ModelSignature.TOKENS, Onnx.TensorProto.DataType.INT64, "batch", 1L);
        g.input(ModelSignature.H, FLOAT, (long) layers, "batch", (long) hidden);
        g.input(ModelSignature.C, FLOAT, (long) layers, "batch", (long) hidden);

        g.floats("embedding", w.embedding().data(), w.embedding().dims());
        g.longs("shape_rows_H", new long[] {-1, hidden}, 2);
        g.longs("shape_state", new long[] {1, -1, hidden}, 3);
        g.longs("shape_probs", new long[] {-1, 1, vocab}, 3);

        // The importer needs Gather's axis spelled out, though ONNX defaults it to 0.
        String x = g.node("Gather", new String[] {"embedding", ModelSignature.TOKENS}, new String[] {"embedded"}, Map.of("axis", 0L));
        x = g.node("Flatten", new String[] {x}, new String[] {"x0"}, Map.of("axis", 1L));

        String[] hIn = layerRows(g, ModelSignature.H, layers);
        String[] cIn = layerRows(g, ModelSignature.C, layers);
        String[] hOut = new String[layers];
        String[] cOut = new String[layers];
        for (int l = 0; l < layers; l++) {
            NetworkWeights.Lstm p = w.lstm().get(l);
            String pre = "cell" + l;
            Matrix wk = GateOrder.toOnnx(p.w());
            Matrix rk = GateOrder.toOnnx(p.rw());
            Matrix bk = GateOrder.toOnnx(p.b());
            // One weight matrix per gate rather than one [nIn, 4H] product cut into four: slicing imports into
            // SameDiff as a hundred shape ops per layer, which made each step several times slower.
            for (int k = 0; k < 4; k++) {
                String gate = pre + "_" + GATES[k];
                g.floats(gate + "_W", wk.columns(k * hidden, hidden).data(), wk.rows(), hidden);
                g.floats(gate + "_R", rk.columns(k * hidden, hidden).data(), hidden, hidden);
                g.floats(gate + "_b", bk.columns(k * hidden, hidden).data(), hidden);
                String xw = gemm(g, x, gate + "_W", gate + "_b", gate + "_xw");
                String hr = g.node("Gemm", new String[] {hIn[l], gate + "_R"}, new String[] {gate + "_hr"}, GEMM);
                g.node("Add", gate + "_pre", xw, hr);
            }
            String i = g.node("Sigmoid", pre + "_i", pre + "_i_pre");
            String o = g.node("Sigmoid", pre + "_o", pre + "_o_pre");
            String f = g.node("Sigmoid", pre + "_f", pre + "_f_pre");
            String cand = g.node("Tanh", pre + "_g", pre + "_g_pre");
            String keep = g.node("Mul", pre + "_keep", f, cIn[l]);
            String write = g.node("Mul", pre + "_write", i, cand);
            String c = g.node("Add", pre + "_c", keep, write);
            String squashed = g.node("Tanh", pre + "_c_tanh", c);
            String h = g.node("Mul", pre + "_h", o, squashed);
            // With one layer the reshaped state is the graph output: the importer mis-names Identity's output.
            hOut[l] = g.node("Reshape", layers == 1 ? ModelSignature.H_OUT : pre + "_h_state", h, "shape_state");
            cOut[l] = g.node("Reshape", layers == 1 ? ModelSignature.C_OUT : pre + "_c_state", c, "shape_state");
            x = h;
        }
        concatLayers(g, hOut, ModelSignature.H_OUT);
        concatLayers(g, cOut, ModelSignature.C_OUT);

        if (w.dense() != null) {
            g.floats("dense_W", w.dense().w().data(), w.dense().w().dims());
            g.floats("dense_b", w.dense().b().data(), w.dense().b().cols());
            x = gemm(g, x, "dense_W", "dense_b", "dense_pre");
            x = g.node("Relu", "dense_out", x);
        }
        g.floats("output_W", w.output().w().data(), w.output().w().dims());
        g.floats("output_b", w.output().b().data(), w.output().b().cols());
        x = gemm(g, x, "output_W", "output_b", "logits");
        x = g.node("Softmax", new String[] {x}, new String[] {"probs_2d"}, Map.of("axis", 1L));
        g.node("Reshape", ModelSignature.PROBS, x, "shape_probs");

        g.output(ModelSignature.PROBS, FLOAT, "batch", 1L, (long) vocab);
        g.output(ModelSignature.H_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        g.output(ModelSignature.C_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        return g.model(metadata.toProperties());
    }

    /**
     * {@code a b + c} for 2-D {@code a}, {@code b}: Gemm without its C input, then Add. The importer (1.0.0-M2.1)
     * maps ONNX MatMul to a matmul with alpha 0 (so it returns zeros) and drops Gemm's C input, keeping beta, which
     * then scales an uninitialised output. Gemm with alpha 1, beta 0 and no C means A B in ONNX and in SameDiff.
     */
    private static String gemm(OnnxGraph g, String a, String b, String c, String output) {
        String product = g.node("Gemm", new String[] {a, b}, new String[] {output + "_mm"}, GEMM);
        return g.node("Add", output, product, c);
    }

    /** Per-layer {@code [batch, H]} rows of a {@code [layers, batch, H]} state: Gather on axis 0, then Reshape (no Slice: see above). */
    private static String[] layerRows(OnnxGraph g, String state, int layers) {
        String[] rows = new String[layers];
        for (int l = 0; l < layers; l++) {
            String index = "layer_index" + l;
            if (!g.hasInitializer(index)) g.longs(index, new long[] {l}, 1);
            String part = g.node("Gather", new String[] {state, index}, new String[] {state + "_part" + l}, Map.of("axis", 0L));
            rows[l] = g.node("Reshape", state + "_rows" + l, part, "shape_rows_H");
        }
        return rows;
    }

    private static void concatLayers(OnnxGraph g, String[] parts, String output) {
        if (parts.length > 1) g.node("Concat", parts, new String[] {output}, Map.of("axis", 0L));
    }
}
