package dev.cadenza.exporter;

import java.util.Map;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelSignature;
import dev.cadenza.runtime.model.ModelVariant;
import onnx.Onnx;

/**
 * The {@code lstm} variant: one ONNX {@code LSTM} node per layer, so one call can take any number of steps (a whole
 * primer at once, or one generated token).
 *
 * <pre>
 * tokens [batch, steps] -Gather-> [batch, steps, E] -Transpose-> [steps, batch, E]
 *   per layer l: LSTM(x, W, R, B, h[l], c[l]) -> Y [steps, 1, batch, H] -Squeeze-> next x; Y_h, Y_c [1, batch, H]
 * x -Transpose-> [batch, steps, H] (-MatMul-Add-Relu-> dense) -MatMul-Add-Softmax-> probs [batch, steps, vocab]
 * h_out, c_out = Concat(Y_h...), Concat(Y_c...) on axis 0
 * </pre>
 */
final class LstmGraphBuilder {
    private static final Onnx.TensorProto.DataType FLOAT = Onnx.TensorProto.DataType.FLOAT;

    private LstmGraphBuilder() {
    }

    static Onnx.ModelProto build(NetworkWeights w, ModelMetadata metadata) {
        if (!metadata.variant().equals(ModelVariant.LSTM)) throw new IllegalArgumentException("metadata is not for the lstm variant");
        int layers = w.layers();
        int hidden = w.hidden();
        OnnxGraph g = new OnnxGraph("cadenza_lstm");
        g.input(ModelSignature.TOKENS, Onnx.TensorProto.DataType.INT64, "batch", "steps");
        g.input(ModelSignature.H, FLOAT, (long) layers, "batch", (long) hidden);
        g.input(ModelSignature.C, FLOAT, (long) layers, "batch", (long) hidden);

        g.floats("embedding", w.embedding().data(), w.embedding().dims());
        String x = g.node("Gather", "embedded", "embedding", ModelSignature.TOKENS);
        x = g.node("Transpose", new String[] {x}, new String[] {"time_major"}, Map.of("perm", new long[] {1, 0, 2}));

        String[] hIn = splitLayers(g, ModelSignature.H, layers);
        String[] cIn = splitLayers(g, ModelSignature.C, layers);
        g.longs("axis1", new long[] {1}, 1);
        String[] hOut = new String[layers];
        String[] cOut = new String[layers];
        for (int l = 0; l < layers; l++) {
            NetworkWeights.Lstm p = w.lstm().get(l);
            Matrix wOnnx = GateOrder.toOnnx(p.w()).transpose();   // [4H, nIn]
            Matrix rOnnx = GateOrder.toOnnx(p.rw()).transpose();  // [4H, H]
            Matrix bOnnx = Matrix.concatColumns(GateOrder.toOnnx(p.b()), new Matrix(1, 4 * hidden, new float[4 * hidden]));
            String pre = "lstm" + l;
            g.floats(pre + "_W", wOnnx.data(), 1, wOnnx.rows(), wOnnx.cols());
            g.floats(pre + "_R", rOnnx.data(), 1, rOnnx.rows(), rOnnx.cols());
            g.floats(pre + "_B", bOnnx.data(), 1, bOnnx.cols());
            // with one layer the LSTM's own state outputs are the graph's outputs
            hOut[l] = layers == 1 ? ModelSignature.H_OUT : pre + "_Y_h";
            cOut[l] = layers == 1 ? ModelSignature.C_OUT : pre + "_Y_c";
            g.node("LSTM", new String[] {x, pre + "_W", pre + "_R", pre + "_B", "", hIn[l], cIn[l]},
                    new String[] {pre + "_Y", hOut[l], cOut[l]}, Map.of("hidden_size", (long) hidden));
            x = g.node("Squeeze", pre + "_out", pre + "_Y", "axis1");
        }
        x = g.node("Transpose", new String[] {x}, new String[] {"batch_major"}, Map.of("perm", new long[] {1, 0, 2}));
        concatLayers(g, hOut, ModelSignature.H_OUT);
        concatLayers(g, cOut, ModelSignature.C_OUT);

        if (w.dense() != null) {
            g.floats("dense_W", w.dense().w().data(), w.dense().w().dims());
            g.floats("dense_b", w.dense().b().data(), w.dense().b().cols());
            x = g.node("MatMul", "dense_mm", x, "dense_W");
            x = g.node("Add", "dense_pre", x, "dense_b");
            x = g.node("Relu", "dense_out", x);
        }
        g.floats("output_W", w.output().w().data(), w.output().w().dims());
        g.floats("output_b", w.output().b().data(), w.output().b().cols());
        x = g.node("MatMul", "logits_mm", x, "output_W");
        x = g.node("Add", "logits", x, "output_b");
        g.node("Softmax", new String[] {x}, new String[] {ModelSignature.PROBS}, Map.of("axis", -1L));

        g.output(ModelSignature.PROBS, FLOAT, "batch", "steps", (long) w.vocabulary());
        g.output(ModelSignature.H_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        g.output(ModelSignature.C_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        return g.model(metadata.toProperties());
    }

    /** Splits a {@code [layers, batch, H]} state into per-layer {@code [1, batch, H]} tensors, as LSTM wants them. */
    private static String[] splitLayers(OnnxGraph g, String state, int layers) {
        if (layers == 1) return new String[] {state};
        String[] parts = new String[layers];
        for (int l = 0; l < layers; l++) parts[l] = state + "_" + l;
        g.node("Split", new String[] {state}, parts, Map.of("axis", 0L));
        return parts;
    }

    private static void concatLayers(OnnxGraph g, String[] parts, String output) {
        if (parts.length > 1) g.node("Concat", parts, new String[] {output}, Map.of("axis", 0L));
    }
}
