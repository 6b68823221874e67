package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.ClassicEncoding;
import dev.cadenza.runtime.codec.TimedEncoding;

/** Settings built by name: presets hold the numbers their comments describe, and one change keeps the rest. */
class TrainingSettingsBuilderTest {
    @Test
    void aPresetsNamedNumbersLandWhereTheyBelong() {
        TrainingSettings small = Presets.byName("small");
        assertEquals(64, small.embedding());
        assertEquals(2, small.layers());
        assertEquals(256, small.hidden());
        assertEquals(32, small.batch());
        assertEquals(3e-3, small.learningRate());
        assertEquals(6, small.patience());
        assertEquals(TimedEncoding.NAME, small.encoding());
        assertTrue(small.sustainPedal(), "timed folds the pedal in unless told otherwise");
        TrainingSettings tutorial = Presets.byName("tutorial");
        assertEquals(ClassicEncoding.NAME, tutorial.encoding());
        assertTrue(tutorial.scaledInput() && tutorial.batchNorm());
        assertEquals(TrainingSettings.Mode.MANY_TO_ONE, tutorial.mode());
        assertFalse(tutorial.sustainPedal(), "classic reads no pedal");
    }

    @Test
    void thePresetsAreTheSettingsTheyWereBeforeTheyNamedTheirNumbers() {
        assertEquals(new TrainingSettings("midi_songs", "timed", "small", 64, 2, 256, 0, 0.25, 64, 64, 32, "adam", 3e-3, 1.0,
                60, 6, 42L, 0, 0.1, 2, TrainingSettings.Mode.MANY_TO_MANY, 0), Presets.byName("small"));
        assertEquals(new TrainingSettings("midi_songs", "timed", "classic", 64, 3, 512, 256, 0.3, 100, 50, 64, "rmsprop", 1e-3,
                1.0, 200, 10, 42L, 0, 0.1, 2, TrainingSettings.Mode.MANY_TO_MANY, 0), Presets.byName("classic"));
        assertEquals(new TrainingSettings("midi_songs", ClassicEncoding.NAME, "tutorial", 1, 3, 512, 256, 0.3, 100, 1, 128,
                "rmsprop", 1e-3, 0, 200, 0, 42L, 0, 0.1, 1, TrainingSettings.Mode.MANY_TO_ONE, 0, true, true),
                Presets.byName("tutorial"));
        assertEquals(new TrainingSettings("midi_songs", "timed", "tiny", 8, 1, 16, 0, 0.0, 16, 16, 8, "adam", 1e-2, 1.0,
                2, 0, 42L, 0, 0.1, 1, TrainingSettings.Mode.MANY_TO_MANY, 0), Presets.byName("tiny"));
    }

    @Test
    void changingOneSettingKeepsEveryOther() {
        TrainingSettings small = Presets.byName("small");
        assertEquals(small, small.toBuilder().build());
        TrainingSettings longer = small.toBuilder().epochs(7).build();
        assertEquals(7, longer.epochs());
        assertEquals(small.withEpochs(7), longer);
        assertEquals(small, longer.toBuilder().epochs(small.epochs()).build());
        assertThrows(IllegalArgumentException.class, () -> small.toBuilder().window(0).build());
    }
}
