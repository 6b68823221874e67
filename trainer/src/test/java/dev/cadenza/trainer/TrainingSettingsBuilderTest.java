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
