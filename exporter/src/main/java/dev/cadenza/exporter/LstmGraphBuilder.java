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
 *
 * <p>The {@code int8} variant is the same graph with ONNX Runtime's dynamically quantised operators in place of the
 * weight-heavy ones: {@code com.microsoft.DynamicQuantizeLSTM} for each LSTM (its W and R stored int8, per-column
 * scales over the 4H gate units, zero point 0; note its W and R are {@code [1, in, 4H]}, the transpose of the ONNX
 * LSTM's) and {@code com.microsoft.DynamicQuantizeMatMul} for the dense and output projections (bias fused). The
 * embedding and the biases stay float: they are small and added, not multiplied.
 */
final class LstmGraphBuilder {
    private static final Onnx.TensorProto.DataType FLOAT = Onnx.TensorProto.DataType.FLOAT;

    private LstmGraphBuilder() {
    }

    static Onnx.ModelProto build(NetworkWeights w, ModelMetadata metadata) {
        if (metadata.variant() != ModelVariant.LSTM) throw new IllegalArgumentException("metadata is not for the lstm variant");
        return build(w, metadata, null);
    }

    /** The {@code int8} variant, its weights quantised by {@code quantizer}. */
    static Onnx.ModelProto buildInt8(NetworkWeights w, ModelMetadata metadata, Int8Quantizer quantizer) {
        if (metadata.variant() != ModelVariant.INT8) throw new IllegalArgumentException("metadata is not for the int8 variant");
        return build(w, metadata, quantizer);
    }

    /** @param q null for float weights */
    private static Onnx.ModelProto build(NetworkWeights w, ModelMetadata metadata, Int8Quantizer q) {
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
            Matrix bOnnx = Matrix.concatColumns(GateOrder.toOnnx(p.b()), new Matrix(1, 4 * hidden, new float[4 * hidden]));
            String pre = "lstm" + l;
            g.floats(pre + "_B", bOnnx.data(), 1, bOnnx.cols());
            // with one layer the LSTM's own state outputs are the graph's outputs
            hOut[l] = layers == 1 ? ModelSignature.H_OUT : pre + "_Y_h";
            cOut[l] = layers == 1 ? ModelSignature.C_OUT : pre + "_Y_c";
            String[] outs = {pre + "_Y", hOut[l], cOut[l]};
            Map<String, Object> size = Map.of("hidden_size", (long) hidden);
            if (q == null) {
                Matrix wOnnx = GateOrder.toOnnx(p.w()).transpose();   // [4H, nIn]
                Matrix rOnnx = GateOrder.toOnnx(p.rw()).transpose();  // [4H, H]
                g.floats(pre + "_W", wOnnx.data(), 1, wOnnx.rows(), wOnnx.cols());
                g.floats(pre + "_R", rOnnx.data(), 1, rOnnx.rows(), rOnnx.cols());
                g.node("LSTM", new String[] {x, pre + "_W", pre + "_R", pre + "_B", "", hIn[l], cIn[l]}, outs, size);
            } else {
                quantizedGates(g, q, pre + "_W", GateOrder.toOnnx(p.w()));   // [nIn, 4H]
                quantizedGates(g, q, pre + "_R", GateOrder.toOnnx(p.rw()));  // [H, 4H]
                g.microsoftNode("DynamicQuantizeLSTM", new String[] {x, pre + "_W", pre + "_R", pre + "_B", "", hIn[l], cIn[l], "",
                        pre + "_W_scale", pre + "_W_zero_point", pre + "_R_scale", pre + "_R_zero_point"}, outs, size);
            }
            x = g.node("Squeeze", pre + "_out", pre + "_Y", "axis1");
        }
        x = g.node("Transpose", new String[] {x}, new String[] {"batch_major"}, Map.of("perm", new long[] {1, 0, 2}));
        concatLayers(g, hOut, ModelSignature.H_OUT);
        concatLayers(g, cOut, ModelSignature.C_OUT);

        if (w.dense() != null) {
            x = projection(g, q, "dense", x, w.dense(), "dense_pre");
            x = g.node("Relu", "dense_out", x);
        }
        x = projection(g, q, "output", x, w.output(), "logits");
        g.node("Softmax", new String[] {x}, new String[] {ModelSignature.PROBS}, Map.of("axis", -1L));

        g.output(ModelSignature.PROBS, FLOAT, "batch", "steps", (long) w.vocabulary());
        g.output(ModelSignature.H_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        g.output(ModelSignature.C_OUT, FLOAT, (long) layers, "batch", (long) hidden);
        return g.model(metadata.toProperties());
    }

    /** {@code x W + b}: MatMul and Add in float, one DynamicQuantizeMatMul (bias fused) in int8. */
    private static String projection(OnnxGraph g, Int8Quantizer q, String pre, String x, NetworkWeights.Dense layer, String output) {
        g.floats(pre + "_b", layer.b().data(), layer.b().cols());
        if (q == null) {
            g.floats(pre + "_W", layer.w().data(), layer.w().dims());
            String product = g.node("MatMul", pre + "_mm", x, pre + "_W");
            return g.node("Add", output, product, pre + "_b");
        }
        Int8Quantizer.Quantized wq = q.perColumn(layer.w());
        g.int8s(pre + "_W", wq.values(), wq.rows(), wq.cols());
        g.floats(pre + "_W_scale", wq.scales(), wq.cols());
        g.int8s(pre + "_W_zero_point", wq.zeroPoints(), wq.cols());
        return g.microsoftNode("DynamicQuantizeMatMul", new String[] {x, pre + "_W", pre + "_W_scale", pre + "_W_zero_point", pre + "_b"},
                new String[] {output}, Map.of());
    }

    /** A DynamicQuantizeLSTM weight: {@code [1, rows, 4H]} int8, scales and zero points {@code [1, 4H]}. */
    private static void quantizedGates(OnnxGraph g, Int8Quantizer q, String name, Matrix gates) {
        Int8Quantizer.Quantized wq = q.perColumn(gates);
        g.int8s(name, wq.values(), 1, wq.rows(), wq.cols());
        g.floats(name + "_scale", wq.scales(), 1, wq.cols());
        g.int8s(name + "_zero_point", wq.zeroPoints(), 1, wq.cols());
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
