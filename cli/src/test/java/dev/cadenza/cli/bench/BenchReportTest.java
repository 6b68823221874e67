package dev.cadenza.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.junit.jupiter.api.Test;

/** The roofline column: each backend against the ceiling of its own arithmetic. */
class BenchReportTest {
    @Test
    void int8RowsAreMeasuredAgainstTheEightBitCeiling() throws Exception {
        ModelMetadata meta;
        try (OnnxStepModel m = OnnxStepModel.open(Path.of("..", "models", "default.onnx"), OnnxOptions.of(Device.CPU, 1))) {
            meta = m.metadata();
        }
        BenchReport report = new BenchReport(Map.of(), Map.of(), meta, 1_000_000, 100e9, 400e9, List.of(), null);
        assertEquals(1.0, report.rooflinePercent("ort-cpu", 1000), 1e-9);
        assertEquals(0.25, report.rooflinePercent("ort-cpu-int8", 1000), 1e-9);
    }

    @Test
    void theEightBitProductIsMeasuredAndFasterThanNothing() throws Exception {
        double int8 = OrtMatmulProbe.measureInt8(256, 3, 1);
        double fp32 = OrtMatmulProbe.measure(256, 3, 1);
        assertTrue(int8 > 1e8 && fp32 > 1e8, int8 + " " + fp32);
    }
}
