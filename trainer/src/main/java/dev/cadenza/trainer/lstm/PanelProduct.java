package dev.cadenza.trainer.lstm;

/**
 * {@code C += A B} for a small row-major {@code A} (an LSTM step's rows) and a {@link PackedMatrix} {@code B}: the
 * per-step recurrent products of the fused LSTM, which OpenBLAS would make by laying out the whole recurrent weight
 * matrix again for every step.
 *
 * <p>Two implementations give bit-identical results, like {@link GateMath}: every element of {@code C} starts from its
 * old value and takes one fused multiply-add per {@code k} in increasing order, whether sixteen at a time
 * ({@link VectorPanelProduct}) or one at a time ({@link ScalarPanelProduct}).
 */
interface PanelProduct {
    /**
     * {@code C[m x b.n] += A[m x b.k] B}; {@code A} row-major at {@code a[ao..]} with row stride {@code lda}, {@code C}
     * row-major at {@code c[co..]} with row stride {@code ldc}.
     */
    void multiplyAdd(int m, float[] a, int ao, int lda, PackedMatrix b, float[] c, int co, int ldc);

    /** The vectorised implementation when the JVM has the Vector API module, else the scalar one. */
    static PanelProduct best() {
        return Holder.BEST;
    }

    /** Holds the choice, made once. */
    final class Holder {
        static final PanelProduct BEST = choose();

        private Holder() {
        }

        private static PanelProduct choose() {
            PanelProduct vector = VectorModule.load("VectorPanelProduct", PanelProduct.class);
            // with vectors narrower than 16 floats the Vector API would emulate the kernel's, slowly
            return vector != null && VectorPanelProduct.fits() ? vector : new ScalarPanelProduct();
        }
    }
}
