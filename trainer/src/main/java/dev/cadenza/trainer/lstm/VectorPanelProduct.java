package dev.cadenza.trainer.lstm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PanelProduct} on the JDK's Vector API: blocks of 8 rows by one panel (two vectors of 16 floats), 16 sums held
 * in registers over the whole of {@code k}, each {@code A} element broadcast once per block. Rows that do not fill a
 * block take one row at a time; a padded last panel's real columns go to {@link ScalarPanelProduct}. Loaded only when
 * the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorPanelProduct implements PanelProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int W = PackedMatrix.PANEL;

    /** Whether the CPU has 16-float vectors; with narrower ones the Vector API would emulate them slowly. */
    static boolean fits() {
        return FloatVector.SPECIES_PREFERRED.length() >= 16;
    }

    @Override
    public void multiplyAdd(int m, float[] a, int ao, int lda, PackedMatrix b, float[] c, int co, int ldc) {
        int full = b.n / W, blocks = m / 8 * 8;
        for (int p = 0; p < full; p++) {
            int bo = p * b.k * W, cc = co + p * W;
            int i = 0;
            for (; i < blocks; i += 8) block8(b.k, a, ao + i * lda, lda, b.panels, bo, c, cc + i * ldc, ldc);
            for (; i < m; i++) row(b.k, a, ao + i * lda, b.panels, bo, c, cc + i * ldc);
        }
        if (full * W < b.n) ScalarPanelProduct.multiplyAdd(0, m, full * W, b.n, a, ao, lda, b, c, co, ldc);
    }

    private static void row(int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        FloatVector c0 = FloatVector.fromArray(S, c, co), c1 = FloatVector.fromArray(S, c, co + 16);
        for (int r = 0; r < k; r++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + r * W), b1 = FloatVector.fromArray(S, b, bo + r * W + 16);
            FloatVector x = FloatVector.broadcast(S, a[ao + r]);
            c0 = x.fma(b0, c0);
            c1 = x.fma(b1, c1);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + 16);
    }

    private static void block8(int k, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 16);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc), c11 = FloatVector.fromArray(S, c, co + ldc + 16);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 16);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 16);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 16);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 16);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + 16);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + 16);
        int a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int r = 0; r < k; r++) {
            // one induction variable, so that C2 can hoist the bounds checks out of the loop
            int at = bo + r * W;
            FloatVector b0 = FloatVector.fromArray(S, b, at), b1 = FloatVector.fromArray(S, b, at + 16);
            FloatVector x = FloatVector.broadcast(S, a[ao + r]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + r]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + r]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + r]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + r]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + r]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + r]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + r]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 16);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + 16);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 16);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 16);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 16);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 16);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 16);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 16);
    }
}
