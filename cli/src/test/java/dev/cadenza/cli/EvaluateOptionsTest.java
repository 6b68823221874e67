package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.app.UserError;
import dev.cadenza.app.options.SamplingOptions;
import dev.cadenza.runtime.generate.Sampling;

class EvaluateOptionsTest {
    @Test
    void compareSettingsUseTheOneSamplingParser() {
        assertEquals(new Sampling.Sampled(0.8, 20, 1.0), SamplingOptions.parse("--compare", "temperature=0.8,top-k=20"));
        UserError bad = assertThrows(UserError.class, () -> SamplingOptions.parse("--compare", "t=hot"));
        assertTrue(bad.getMessage().startsWith("--compare 't=hot': "), bad.getMessage());
        CliRun run = CliRun.of("evaluate", "--model", "../models/default.onnx", "--compare", "greedy;t=hot");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("--compare 't=hot': 'hot' is not a number"), run.err());
    }

    @Test
    void badSamplingSettingsNameTheProblem() {
        UserError noValue = assertThrows(UserError.class, () -> SamplingOptions.parse("--compare", "temperature"));
        assertTrue(noValue.getMessage().contains("not KEY=VALUE"), noValue.getMessage());
        UserError unknown = assertThrows(UserError.class, () -> SamplingOptions.parse("--compare", "heat=2"));
        assertTrue(unknown.getMessage().contains("unknown key 'heat'"), unknown.getMessage());
        UserError range = assertThrows(UserError.class, () -> SamplingOptions.parse("--compare", "top-p=1.5"));
        assertTrue(range.getMessage().contains("top-p must be above 0 and at most 1"), range.getMessage());
        UserError number = assertThrows(UserError.class, () -> SamplingOptions.parse("--compare", "top-k=many"));
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
