package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.app.UserError;
import dev.cadenza.app.options.SamplingOptions;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.model.TrainingSummary;

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
    void validationSplitIsReadFromTheTypedTrainingSummary() {
        TrainingSummary written = new TrainingSummary("small", "best", 3, 2, 1.6, 2.1, "patience", 60L, "1.0.0-M2.1",
                Map.of("hidden", 256), new TrainingSummary.Split(List.of("c.mid"), List.of("a.mid", "b.mid")));
        assertEquals(written, TrainingSummary.fromJson(written.toJson()));
        assertEquals(List.of("a.mid", "b.mid"), TrainingSummary.fromJson(
                "{\"epochs\": 3, \"split\": {\"train\": [\"c.mid\"], \"validation\": [\"a.mid\", \"b.mid\"]}}").validationPieces());
        assertEquals(List.of(), TrainingSummary.fromJson("{}").validationPieces());
        assertEquals(TrainingSummary.NONE, TrainingSummary.fromJson("not json"));
        assertEquals(TrainingSummary.NONE, TrainingSummary.fromJson(null));
    }
}
