package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class KdeTest {
    @Test
    void identicalSamplesOverlapFully() {
        double[] x = {1, 2, 2.5, 4, 7};
        Kde.Agreement a = Kde.compare(x, x.clone());
        assertEquals(1.0, a.overlapArea(), 1e-3);
        assertEquals(0.0, a.klDivergence(), 1e-9);
    }

    @Test
    void farApartSamplesDoNotOverlap() {
        Kde.Agreement a = Kde.compare(new double[] {0, 0.1, 0.2}, new double[] {100, 100.1, 100.2});
        assertEquals(0.0, a.overlapArea(), 1e-6);
        assertTrue(a.klDivergence() > 10, "KL " + a.klDivergence());
    }

    @Test
    void twoUnitNormalsOneApartMatchTheirFormulas() {
        Random random = new Random(42);
        double[] p = new double[3000];
        double[] q = new double[3000];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextGaussian();
            q[i] = 1 + random.nextGaussian();
        }
        Kde.Agreement a = Kde.compare(p, q);
        // Overlap of N(0,1) and N(1,1) is 2 * Phi(-1/2) = 0.617; their KL is 1/2. The kernels widen both a little.
        assertEquals(0.617, a.overlapArea(), 0.03);
        assertEquals(0.5, a.klDivergence(), 0.06);
    }

    @Test
    void emptySampleGivesNaN() {
        assertTrue(Double.isNaN(Kde.compare(new double[0], new double[] {1}).overlapArea()));
    }

    @Test
    void scottsRule() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(Math.sqrt(2.5) * Math.pow(5, -0.2), Kde.bandwidth(x), 1e-12);
    }
}
