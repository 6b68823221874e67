package dev.cadenza.exporter;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.LstmStepModel;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelSignature;
import dev.cadenza.runtime.model.ModelVariant;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.samediff.frameworkimport.onnx.importer.OnnxFrameworkImporter;

/**
 * Runs a {@code portable} model file in SameDiff, imported with samediff-import-onnx: the independent second
 * runtime of the parity check, and a backend for the benchmark. The graph takes one step per call, so a window is
 * fed token by token with the state carried over.
 */
public final class SameDiffStepModel implements LstmStepModel {
    private static OnnxFrameworkImporter importer;

    private final SameDiff graph;
    private final ModelMetadata metadata;
    private final int vocabulary;
    private final int layers;
    private final int hidden;

    private SameDiffStepModel(SameDiff graph, ModelMetadata metadata, int vocabulary, int layers, int hidden) {
        this.graph = graph;
        this.metadata = metadata;
        this.vocabulary = vocabulary;
        this.layers = layers;
        this.hidden = hidden;
    }

    /**
     * Imports a portable file. The first call in a JVM also builds the importer, which takes several seconds.
     *
     * @throws IllegalArgumentException if the file is not a portable Cadenza model
     */
    public static SameDiffStepModel load(Path file, ModelMetadata metadata) {
        if (!metadata.variant().equals(ModelVariant.PORTABLE)) {
            throw new IllegalArgumentException(file + " is the " + metadata.variant()
                    + " variant; SameDiff can only import the portable one (export with --variant portable)");
        }
        int layers = metadata.layers();
        int hidden = metadata.hidden();
        // Example inputs let the importer resolve shapes; any batch size works afterwards.
        Map<String, INDArray> example = inputs(new long[] {SpecialTokens.START_ID}, 1, layers, hidden,
                new float[layers * hidden], new float[layers * hidden]);
        SameDiff graph = quietly(() -> importer().runImport(file.toAbsolutePath().toString(), example, false));
        return new SameDiffStepModel(graph, metadata, metadata.vocabulary().size(), layers, hidden);
    }

    /**
     * The importer prints the whole imported graph (hundreds of lines) and its diagnostics to System.out; command
     * output must stay readable, so standard output is swallowed while it runs.
     */
    private static synchronized <T> T quietly(java.util.function.Supplier<T> work) {
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return work.get();
        } finally {
            System.setOut(original);
        }
    }

    private static synchronized OnnxFrameworkImporter importer() {
        if (importer == null) importer = quietly(OnnxFrameworkImporter::new);
        return importer;
    }

    private static Map<String, INDArray> inputs(long[] tokens, int batch, int layers, int hidden, float[] h, float[] c) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelSignature.TOKENS, Nd4j.createFromArray(tokens).reshape(batch, 1));
        in.put(ModelSignature.H, Nd4j.create(h, new long[] {layers, batch, hidden}, 'c'));
        in.put(ModelSignature.C, Nd4j.create(c, new long[] {layers, batch, hidden}, 'c'));
        return in;
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public int layers() {
        return layers;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }


    @Override
    public java.util.Optional<ModelMetadata> modelMetadata() {
        return java.util.Optional.of(metadata);
    }

    @Override
    public void run(long[] tokens, int steps, ModelState modelState, float[] probs) {
        LstmState state = (LstmState) modelState;
        int batch = state.batch();
        if (tokens.length < batch * steps) throw new IllegalArgumentException("tokens must hold batch x steps ids");
        if (probs.length < batch * steps * vocabulary) throw new IllegalArgumentException("probs is too short");
        float[] h = read(state.h(), state.size());
        float[] c = read(state.c(), state.size());
        long[] column = new long[batch];
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) column[b] = tokens[b * steps + s];
            Map<String, INDArray> out = graph.output(inputs(column, batch, layers, hidden, h, c),
                    ModelSignature.PROBS, ModelSignature.H_OUT, ModelSignature.C_OUT);
            float[] p = floats(out.get(ModelSignature.PROBS));
            for (int b = 0; b < batch; b++) System.arraycopy(p, b * vocabulary, probs, (b * steps + s) * vocabulary, vocabulary);
            h = floats(out.get(ModelSignature.H_OUT));
            c = floats(out.get(ModelSignature.C_OUT));
        }
        write(state.h(), h);
        write(state.c(), c);
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static float[] read(FloatBuffer buffer, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = buffer.get(i);
        return values;
    }

    private static void write(FloatBuffer buffer, float[] values) {
        for (int i = 0; i < values.length; i++) buffer.put(i, values[i]);
    }

    @Override
    public String backendName() {
        return "samediff";
    }

    @Override
    public void close() {
        // SameDiff 1.0.0-M2.1 has nothing to close: its arrays are freed when the graph is garbage collected.
    }
}
