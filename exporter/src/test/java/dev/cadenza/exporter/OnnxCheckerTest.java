package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference ONNX checker (Debian's python3-onnx), with full shape inference, as an independent judge of both
 * variants. Skipped where no Python with the onnx package is installed.
 */
class OnnxCheckerTest {
    private static final String CHECK = "import sys, onnx; m = onnx.load(sys.argv[1]); "
            + "onnx.checker.check_model(m, full_check=True); print('ok', m.opset_import[0].version)";

    @TempDir
    Path dir;

    @Test
    void bothVariantsPassTheOnnxChecker() throws Exception {
        String python = pythonWithOnnx();
        assumeTrue(python != null, "no python3 with the onnx package (apt-get install python3-onnx): checker test skipped");
        TinyNetworks.Data data = TinyNetworks.data();
        MultiLayerNetwork network = TinyNetworks.trained(data, 8);
        Path out = dir.resolve("checked.onnx");
        ModelMetadata meta = new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 8, 2, 16, 8, 120, null, null);
        int[] s = data.streams().get(0);
        ModelExporter.export(new ModelExporter.Request(network, meta, out, Variant.BOTH,
                List.of(java.util.Arrays.copyOfRange(s, 0, 8)), false));
        for (Path file : List.of(out, ModelExporter.portableSibling(out))) {
            Process p = new ProcessBuilder(python, "-c", CHECK, file.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), file + ": " + output);
            assertEquals("ok 17", output.lines().reduce((a, b) -> b).orElse(""), output);
        }
    }

    /** The first of python3 on the PATH and Debian's own that can import onnx, or null. */
    private static String pythonWithOnnx() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import onnx").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
            } catch (Exception e) {
                // not installed: try the next one
            }
        }
        return null;
    }
}
