package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.app.options.SamplingConverter;
import dev.cadenza.runtime.generate.Sampling;
import picocli.CommandLine.TypeConversionException;

class EvaluateOptionsTest {
    @Test
    void compareSettingsUseTheOneSamplingParser() {
        assertEquals(new Sampling.Sampled(0.8, 20, 1.0), new SamplingConverter().convert("temperature=0.8,top-k=20"));
        CliRun bad = CliRun.of("evaluate", "--model", "m.onnx", "--compare", "greedy;t=hot");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--compare") && bad.err().contains("'t=hot': 'hot' is not a number"), bad.err());
    }

    @Test
    void badSamplingSettingsNameTheProblem() {
        SamplingConverter c = new SamplingConverter();
        Exception noValue = assertThrows(TypeConversionException.class, () -> c.convert("temperature"));
        assertTrue(noValue.getMessage().contains("not KEY=VALUE"), noValue.getMessage());
        Exception unknown = assertThrows(TypeConversionException.class, () -> c.convert("heat=2"));
        assertTrue(unknown.getMessage().contains("unknown key 'heat'"), unknown.getMessage());
        Exception range = assertThrows(TypeConversionException.class, () -> c.convert("top-p=1.5"));
        assertTrue(range.getMessage().contains("top-p"), range.getMessage());
        Exception number = assertThrows(TypeConversionException.class, () -> c.convert("top-k=many"));
        assertTrue(number.getMessage().contains("'many' is not a number"), number.getMessage());
    }

    @Test
    void validationSplitIsReadFromTrainingMetadata() {
        assertEquals(List.of("a.mid", "b.mid"),
                EvaluateCommand.recordedValidation("{\"epochs\": 3, \"split\": {\"train\": [\"c.mid\"], \"validation\": [\"a.mid\", \"b.mid\"]}}"));
        assertEquals(List.of("x.mid"), EvaluateCommand.recordedValidation("{\"validation\": [\"x.mid\"]}"));
        assertEquals(List.of(), EvaluateCommand.recordedValidation("{}"));
        assertEquals(List.of(), EvaluateCommand.recordedValidation("not json"));
        assertEquals(List.of(), EvaluateCommand.recordedValidation(null));
    }
}
