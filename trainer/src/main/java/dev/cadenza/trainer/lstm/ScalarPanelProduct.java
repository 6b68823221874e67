package dev.cadenza.trainer.lstm;

/** {@link PanelProduct} in plain Java: the reference, and the fallback without the Vector API. */
final class ScalarPanelProduct implements PanelProduct {
    @Override
    public void multiplyAdd(int m, float[] a, int ao, int lda, PackedMatrix b, float[] c, int co, int ldc) {
        multiplyAdd(0, m, 0, b.n, a, ao, lda, b, c, co, ldc);
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of the product; the vectorised one ends its edges here. */
    static void multiplyAdd(int i0, int i1, int j0, int j1, float[] a, int ao, int lda, PackedMatrix b, float[] c,
                            int co, int ldc) {
        int k = b.k, width = PackedMatrix.PANEL;
        float[] panels = b.panels;
        for (int i = i0; i < i1; i++) {
            int aRow = ao + i * lda;
            for (int j = j0; j < j1; j++) {
                int p = j / width, at = p * k * width + (j - p * width);
                float sum = c[co + i * ldc + j];
                for (int r = 0; r < k; r++) sum = Math.fma(a[aRow + r], panels[at + r * width], sum);
                c[co + i * ldc + j] = sum;
            }
        }
    }
}
