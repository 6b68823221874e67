package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a set of generated pieces with a reference set (the corpus) feature by feature, the way Yang and Lerch
 * (2018) do: the distances between pieces inside each set (intra-set) and between the sets (inter-set) form
 * distributions; a generator that imitates the corpus well has an inter-set distribution like the corpus's own
 * intra-set one, i.e. a large overlap area and a small KL divergence.
 *
 * @param feature          which feature
 * @param intraReference   distances between pairs of reference pieces
 * @param intraGenerated   distances between pairs of generated pieces
 * @param inter            distances from each generated piece to each reference piece
 * @param referenceVsInter agreement of the reference intra-set density (p) with the inter-set density (q)
 * @param generatedVsInter agreement of the generated intra-set density (p) with the inter-set density (q)
 */
public record SetComparison(Feature feature, Summary intraReference, Summary intraGenerated, Summary inter,
                            Kde.Agreement referenceVsInter, Kde.Agreement generatedVsInter) {

    /** Mean and sample standard deviation of a list of distances (NaN when there are none). */
    public record Summary(int count, double mean, double std) {
        static Summary of(double[] values) {
            int n = values.length;
            if (n == 0) return new Summary(0, Double.NaN, Double.NaN);
            double mean = 0;
            for (double v : values) mean += v;
            mean /= n;
            double var = 0;
            for (double v : values) var += (v - mean) * (v - mean);
            return new Summary(n, mean, n > 1 ? Math.sqrt(var / (n - 1)) : 0);
        }
    }

    public static List<SetComparison> compare(List<PieceFeatures> generated, List<PieceFeatures> reference) {
        List<SetComparison> out = new ArrayList<>();
        for (Feature feature : Feature.values()) out.add(compare(feature, generated, reference));
        return out;
    }

    public static SetComparison compare(Feature feature, List<PieceFeatures> generated, List<PieceFeatures> reference) {
        double[] intraRef = intra(feature, reference);
        double[] intraGen = intra(feature, generated);
        double[] inter = inter(feature, generated, reference);
        return new SetComparison(feature, Summary.of(intraRef), Summary.of(intraGen), Summary.of(inter),
                Kde.compare(intraRef, inter), Kde.compare(intraGen, inter));
    }

    /** Distances from every piece of {@code a} to every piece of {@code b}. */
    public static double[] inter(Feature feature, List<PieceFeatures> a, List<PieceFeatures> b) {
        double[] out = new double[a.size() * b.size()];
        int k = 0;
        for (PieceFeatures x : a) {
            for (PieceFeatures y : b) out[k++] = feature.distance(x, y);
        }
        return out;
    }

    /** Distances over all unordered pairs of distinct pieces. */
    public static double[] intra(Feature feature, List<PieceFeatures> set) {
        int n = set.size();
        double[] out = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) out[k++] = feature.distance(set.get(i), set.get(j));
        }
        return out;
    }
}
