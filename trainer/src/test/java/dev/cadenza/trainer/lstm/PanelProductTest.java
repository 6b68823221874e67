package dev.cadenza.trainer.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The per-step recurrent product on packed weights: the product it claims, and the same bits either way. */
class PanelProductTest {
    @Test
    void addsTheProductWithTheSameBitsVectorisedOrNot() {
        // the vectorised kernel by name: best() picks it only on CPUs with 16-float vectors, and it must be right anywhere
        PanelProduct vectorised = new VectorPanelProduct();
        Random random = new Random(3);
        // a step of one lane at the small preset's sizes, both directions; then edges: rows that fill no 8-row block,
        // a last panel of 8 columns, and one narrower than a single panel
        int[][] shapes = {{32, 256, 1024}, {16, 1024, 256}, {7, 24, 96}, {13, 40, 24}, {3, 5, 9}};
        for (int[] shape : shapes) {
            int m = shape[0], k = shape[1], n = shape[2], lda = k + 3, ldc = n + 5, ao = 2, co = 4;
            float[] a = gaussian(random, ao + m * lda), b = gaussian(random, k * n), c = gaussian(random, co + m * ldc);
            PackedMatrix packed = new PackedMatrix(k, n);
            packed.pack(b, false);
            float[] vector = c.clone(), scalar = c.clone();
            vectorised.multiplyAdd(m, a, ao, lda, packed, vector, co, ldc);
            new ScalarPanelProduct().multiplyAdd(m, a, ao, lda, packed, scalar, co, ldc);
            String what = m + " x " + k + " x " + n;
            assertArrayEquals(scalar, vector, what + ": vectorised and scalar differ");

            double worst = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = c[co + i * ldc + j], size = Math.abs(sum);
                    for (int r = 0; r < k; r++) {
                        sum += (double) a[ao + i * lda + r] * b[r * n + j];
                        size += Math.abs((double) a[ao + i * lda + r] * b[r * n + j]);
                    }
                    worst = Math.max(worst, Math.abs(vector[co + i * ldc + j] - sum) / size);
                }
            }
            assertTrue(worst < 1e-6, what + ": relative error " + worst);
            // what lies between the rows (the strides' gaps) is left alone
            for (int i = 0; i < m; i++) {
                for (int j = n; j < ldc && co + i * ldc + j < c.length; j++) {
                    assertTrue(vector[co + i * ldc + j] == c[co + i * ldc + j], what + ": wrote past a row");
                }
            }
        }
    }

    @Test
    void packingATransposeGivesTheSameLayoutAsPackingTheMatrix() {
        Random random = new Random(4);
        int k = 20, n = 70;
        float[] b = gaussian(random, k * n), transposed = new float[k * n];
        for (int r = 0; r < k; r++) for (int j = 0; j < n; j++) transposed[j * k + r] = b[r * n + j];
        PackedMatrix direct = new PackedMatrix(k, n), viaTranspose = new PackedMatrix(k, n);
        direct.pack(b, false);
        viaTranspose.pack(transposed, true);
        assertArrayEquals(direct.panels, viaTranspose.panels);
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
