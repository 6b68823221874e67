package dev.cadenza.evaluation;

/**
 * Gaussian kernel density estimates of two samples and how much they agree: the overlap area of the two densities
 * (1 for identical, 0 for disjoint) and the Kullback-Leibler divergence KL(p || q) in nats (0 for identical). Both are
 * integrated numerically on a common grid, as in Yang and Lerch (2018).
 */
public final class Kde {
    private static final int GRID = 1001;
    /** Densities below this count as zero in KL, so that a q of zero where p is not gives a large, finite value. */
    private static final double FLOOR = 1e-12;

    private Kde() {
    }

    /** @param overlapArea 0..1; NaN when a sample is empty. @param klDivergence nats, 0 or more; NaN likewise. */
    public record Agreement(double overlapArea, double klDivergence) {
    }

    /**
     * Scott's rule, as in SciPy's gaussian_kde: sample standard deviation times n^(-1/5). A sample of identical values
     * would get a zero width; it gets a narrow one (1% of its magnitude, at least 0.01) instead.
     */
    public static double bandwidth(double[] sample) {
        int n = sample.length;
        double mean = 0;
        for (double x : sample) mean += x;
        mean /= n;
        double var = 0;
        for (double x : sample) var += (x - mean) * (x - mean);
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        double h = std * Math.pow(n, -0.2);
        return h > 1e-12 ? h : Math.max(0.01, 0.01 * Math.abs(mean));
    }

    public static double density(double[] sample, double h, double x) {
        double sum = 0;
        for (double s : sample) {
            double z = (x - s) / h;
            sum += Math.exp(-0.5 * z * z);
        }
        return sum / (sample.length * h * Math.sqrt(2 * Math.PI));
    }

    public static Agreement compare(double[] p, double[] q) {
        if (p.length == 0 || q.length == 0) return new Agreement(Double.NaN, Double.NaN);
        double hp = bandwidth(p);
        double hq = bandwidth(q);
        double pad = 4 * Math.max(hp, hq);
        double lo = Math.min(min(p), min(q)) - pad;
        double hi = Math.max(max(p), max(q)) + pad;
        double step = (hi - lo) / (GRID - 1);
        double overlap = 0;
        double kl = 0;
        for (int i = 0; i < GRID; i++) {
            double x = lo + i * step;
            double px = density(p, hp, x);
            double qx = density(q, hq, x);
            double weight = (i == 0 || i == GRID - 1) ? 0.5 * step : step; // trapezoid rule
            overlap += weight * Math.min(px, qx);
            if (px > FLOOR) kl += weight * px * Math.log(px / Math.max(qx, FLOOR));
        }
        return new Agreement(Math.min(1, overlap), Math.max(0, kl));
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : a) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) m = Math.max(m, x);
        return m;
    }
}
