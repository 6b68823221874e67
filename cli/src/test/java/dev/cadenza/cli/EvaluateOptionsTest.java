package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.generate.Sampling;

class EvaluateOptionsTest {
    @Test
    void compareSettingsUseTheOneSamplingParser() {
        assertEquals(new Sampling.Sampled(0.8, 20, 1.0), EvaluateCommand.compareSetting("temperature=0.8,top-k=20"));
        UserError bad = assertThrows(UserError.class, () -> EvaluateCommand.compareSetting("t=hot"));
        assertTrue(bad.getMessage().startsWith("--compare 't=hot': "), bad.getMessage());
    }

    @Test
    void badSamplingSettingsNameTheProblem() {
        UserError noValue = assertThrows(UserError.class, () -> EvaluateCommand.compareSetting("temperature"));
        assertTrue(noValue.getMessage().contains("not KEY=VALUE"), noValue.getMessage());
        UserError unknown = assertThrows(UserError.class, () -> EvaluateCommand.compareSetting("heat=2"));
        assertTrue(unknown.getMessage().contains("unknown key 'heat'"), unknown.getMessage());
        UserError range = assertThrows(UserError.class, () -> EvaluateCommand.compareSetting("top-p=1.5"));
        assertTrue(range.getMessage().contains("top-p"), range.getMessage());
        UserError number = assertThrows(UserError.class, () -> EvaluateCommand.compareSetting("top-k=many"));
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
