package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class NearestCentroidTest {
    @Test
    void featuresAreStandardisedSoALargeScaleDoesNotDrown() {
        // Feature 0 tells the classes apart by 1 in units of about 1; feature 1 is noise in units of 1000. Unstandardised,
        // the noise would decide; standardised, feature 0 does.
        List<String> labels = List.of("a", "a", "a", "b", "b", "b");
        List<double[]> x = List.of(new double[] {0, 1000}, new double[] {0.1, -1000}, new double[] {-0.1, 0},
                new double[] {1, 0}, new double[] {1.1, 1000}, new double[] {0.9, -1000});
        NearestCentroid c = NearestCentroid.fit(labels, x);
        assertEquals("a", c.classify(new double[] {0.05, 900}));
        assertEquals("b", c.classify(new double[] {0.95, -900}));
        assertEquals(labels, NearestCentroid.leaveOneOut(labels, x));
    }

    @Test
    void aFeatureThatNeverVariesIsLeftOut() {
        List<String> labels = List.of("a", "a", "b", "b");
        List<double[]> x = List.of(new double[] {0, 5}, new double[] {1, 5}, new double[] {10, 5}, new double[] {11, 5});
        NearestCentroid c = NearestCentroid.fit(labels, x);
        assertEquals(0, c.scale()[1]);
        assertEquals("b", c.classify(new double[] {9, -1e9}), "the constant feature's value does not count");
    }

    @Test
    void theMoreCommonClassIsNotFavoured() {
        // Nine examples of "many" spread widely, two of "few": a point nearer "few"'s mean goes to it.
        List<String> labels = List.of("many", "many", "many", "many", "many", "many", "many", "many", "many", "few", "few");
        List<double[]> x = List.of(new double[] {-4}, new double[] {-3}, new double[] {-2}, new double[] {-1},
                new double[] {0}, new double[] {1}, new double[] {2}, new double[] {3}, new double[] {4},
                new double[] {9}, new double[] {11});
        assertEquals("few", NearestCentroid.fit(labels, x).classify(new double[] {6}));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NearestCentroid.fit(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> NearestCentroid.fit(List.of("a", "b"), List.of(new double[] {1}, new double[] {1, 2})));
    }
}
