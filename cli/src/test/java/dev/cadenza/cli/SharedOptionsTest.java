package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The options several commands share come from one mixin each, with one meaning and one way to refuse a value. */
class SharedOptionsTest {
    @Test
    void fixedValuesAreEnumsRefusedAsUsageErrors() {
        CliRun device = CliRun.of("generate", "--device", "gpu");
        assertEquals(2, device.exitCode(), device.err());
        assertTrue(device.err().contains("--device") && device.err().contains("AUTO, CPU, CUDA"), device.err());
        CliRun variant = CliRun.of("export", "runs/none", "--variant", "banana");
        assertEquals(2, variant.exitCode(), variant.err());
        assertTrue(variant.err().contains("--variant") && variant.err().contains("LSTM, PORTABLE, BOTH"), variant.err());
        CliRun evaluate = CliRun.of("evaluate", "--model", "m.onnx", "--device", "tpu");
        assertEquals(2, evaluate.exitCode(), evaluate.err());
    }

    @Test
    void theSameOptionsAppearWhereverTheyApply() {
        for (String command : new String[] {"generate", "evaluate", "bench"}) {
            String help = CliRun.of(command, "--help").out();
            assertTrue(help.contains("--model") && help.contains("--threads"), command + ":\n" + help);
            assertTrue(help.contains("Exit codes:") && help.contains("70"), command + ":\n" + help);
        }
        String generate = CliRun.of("generate", "--help").out();
        assertTrue(generate.contains("--sampling=SPEC") && generate.contains("--device") && generate.contains("--json"), generate);
        assertEquals(1, CliRun.of("evaluate", "--model", "m.onnx", "--threads", "100000").exitCode());
    }
}
