package dev.cadenza.trainer.lstm;

/**
 * A {@code k x n} float matrix laid out once for {@link PanelProduct}: in panels of {@link #PANEL} columns, each panel
 * its {@code k} rows of {@code PANEL} floats one after the other (the last panel padded with zeros). A product then
 * reads the matrix front to back, a panel small enough to stay in the core's cache while several row blocks of the
 * other factor pass over it. OpenBLAS lays its right-hand factor out like this too, but anew for every call; the
 * recurrent weights do not change within a batch, so here it is done once per batch instead of once per step.
 */
final class PackedMatrix {
    /** Columns per panel: two AVX-512 vectors of floats. */
    static final int PANEL = 32;

    final int k, n;
    final float[] panels;

    PackedMatrix(int k, int n) {
        this.k = k;
        this.n = n;
        this.panels = new float[Math.multiplyExact(k, (n + PANEL - 1) / PANEL * PANEL)];
    }

    /** Lays out {@code source}, row-major {@code k x n} when {@code transposed} is false, else row-major {@code n x k}. */
    void pack(float[] source, boolean transposed) {
        for (int p = 0; p * PANEL < n; p++) {
            int base = p * k * PANEL, width = Math.min(PANEL, n - p * PANEL);
            for (int r = 0; r < k; r++) {
                int at = base + r * PANEL;
                for (int j = 0; j < width; j++) {
                    int col = p * PANEL + j;
                    panels[at + j] = transposed ? source[col * k + r] : source[r * n + col];
                }
            }
        }
    }
}
