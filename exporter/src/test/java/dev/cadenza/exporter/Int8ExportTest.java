package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import onnx.Onnx;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The int8 variant of a tiny trained network: built, judged against the float file, refused when it is bad. */
class Int8ExportTest {
    static TinyNetworks.Data data;
    static MultiLayerNetwork network;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() throws Exception {
        data = TinyNetworks.data();
        // near-uniform predictions (a network fitted 3 times) make top-1 a coin toss between near-ties; 150 fits decide them
        long t = System.nanoTime();
        network = TinyNetworks.trained(data, 8, 30);
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    static ModelMetadata metadata() {
        return new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 8, 2, 16, 8, 120, "{}", "{}");
    }

    /** Every window of 16 tokens of both pieces: the quality check needs many steps for a share to mean much. */
    static List<int[]> qualityWindows() {
        List<int[]> w = new ArrayList<>();
        for (int[] s : data.streams()) {
            for (int start = 0; start + 16 <= s.length; start += 16) w.add(Arrays.copyOfRange(s, start, start + 16));
        }
        return w;
    }

    static List<int[]> parityWindows() {
        return List.of(Arrays.copyOfRange(data.streams().get(0), 5, 17), Arrays.copyOfRange(data.streams().get(1), 40, 52));
    }

    @Test
    void int8FileIsWrittenBesideTheModelAndMeetsTheQualityBar() throws Exception {
        Path out = dir.resolve("tiny.onnx");
        ModelExporter.Result r = ModelExporter.export(new ModelExporter.Request(network, metadata(), out, Variant.BOTH, parityWindows(),
                false, ModelExporter.Quantisation.standard(qualityWindows())));
        System.out.print(r.quality().table());
        Path int8 = dir.resolve("tiny.int8.onnx");
        assertEquals(int8, r.files().get("int8"));
        assertTrue(r.quality().passed());
        assertEquals(2, r.quality().rows().size());
        for (QualityReport.Row row : r.quality().rows()) {
            assertTrue(Math.abs(row.relativeNll()) <= 0.01, row.toString());
            assertTrue(row.agreement() >= 0.98, row.toString());
            assertEquals(qualityWindows().size() * 15L, row.tokens());
        }

        OnnxModelFile file = OnnxModelFile.read(int8);
        ModelMetadata meta = ModelFileCheck.check(file);
        assertEquals(ModelVariant.INT8, meta.variant());
        assertEquals(0, meta.variant().stepsPerCall());
        assertTrue(file.operators().containsAll(List.of("DynamicQuantizeLSTM", "DynamicQuantizeMatMul")), file.operators().toString());
        assertFalse(file.operators().contains("LSTM"));
        // int8 weights (the metadata and the float embedding and biases weigh more in a tiny file than in a real one)
        assertTrue(Files.size(int8) < 0.6 * Files.size(out), Files.size(int8) + " vs " + Files.size(out));
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(int8.toString(), new OrtSession.SessionOptions())) {
            assertEquals(meta, ModelMetadata.fromProperties(s.getMetadata().getCustomMetadata(), int8.toString()));
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "temporary files left behind");
        }
    }

    @Test
    void quantisingTheExportedFileGivesTheSameWeightsAsQuantisingTheNetwork() throws Exception {
        Path out = dir.resolve("tiny.onnx");
        ModelExporter.export(new ModelExporter.Request(network, metadata(), out, Variant.LSTM, parityWindows(), false));
        Path direct = dir.resolve("direct.int8.onnx");
        ModelExporter.export(new ModelExporter.Request(network, metadata(), direct, Variant.INT8, parityWindows(), false,
                ModelExporter.Quantisation.standard(qualityWindows())));
        ModelExporter.Result r = ModelExporter.quantise(out, ModelExporter.int8Sibling(out), ModelExporter.Quantisation.standard(qualityWindows()), false);
        assertEquals(Map.of("int8", dir.resolve("tiny.int8.onnx")), r.files());
        Onnx.ModelProto a = Onnx.ModelProto.parseFrom(Files.readAllBytes(direct));
        Onnx.ModelProto b = Onnx.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("tiny.int8.onnx")));
        assertEquals(a.getGraph().getInitializerCount(), b.getGraph().getInitializerCount());
        for (int i = 0; i < a.getGraph().getInitializerCount(); i++) {
            Onnx.TensorProto ta = a.getGraph().getInitializer(i);
            Onnx.TensorProto tb = b.getGraph().getInitializer(i);
            assertEquals(ta.getName(), tb.getName());
            if (ta.getDataType() == Onnx.TensorProto.DataType.INT8.getNumber()) {
                assertArrayEquals(ta.getRawData().toByteArray(), tb.getRawData().toByteArray(), ta.getName());
            } else {
                float[] fa = floats(ta);
                float[] fb = floats(tb);
                assertArrayEquals(fa, fb, 1e-6f, ta.getName());
            }
        }
    }

    @Test
    void aQuantisationThatMissesTheBarIsRefusedAndWritesNothing() throws Exception {
        Path out = dir.resolve("tiny.onnx");
        Path int8 = dir.resolve("tiny.int8.onnx");
        Files.writeString(int8, "older int8 export");
        // one level: every weight becomes -s, 0 or +s, far too coarse
        ModelExporter.Quantisation ternary = new ModelExporter.Quantisation(1, qualityWindows(), QualityCheck.Thresholds.DEFAULT);
        ModelExporter.QualityException e = assertThrows(ModelExporter.QualityException.class, () -> ModelExporter.export(
                new ModelExporter.Request(network, metadata(), out, Variant.BOTH, parityWindows(), true, ternary)));
        System.out.print(e.report().table());
        assertTrue(e.getMessage().startsWith("int8 quality check failed"), e.getMessage());
        assertFalse(e.report().passed());
        assertFalse(Files.exists(out), "the float files are not written either when one file of the set fails");
        assertEquals("older int8 export", Files.readString(int8));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary files left behind");
        }
    }

    @Test
    void theThresholdsDecide() throws Exception {
        // the real int8 quantisation against a bar no quantisation can meet: NLL identical to 1e-9
        ModelExporter.Quantisation impossible = new ModelExporter.Quantisation(127, qualityWindows(),
                new QualityCheck.Thresholds(1e-9, 0.98));
        Path out = dir.resolve("tiny.int8.onnx");
        ModelExporter.QualityException e = assertThrows(ModelExporter.QualityException.class, () -> ModelExporter.export(
                new ModelExporter.Request(network, metadata(), out, Variant.INT8, parityWindows(), false, impossible)));
        assertTrue(e.report().rows().stream().allMatch(r -> Math.abs(r.relativeNll()) > 1e-9));
        assertFalse(Files.exists(out));
    }

    private static float[] floats(Onnx.TensorProto t) {
        java.nio.FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}
