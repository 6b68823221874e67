package dev.cadenza.cli.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.PieceReport;

/**
 * Set means of the per-piece measures, to read generated pieces against the corpus at a glance.
 *
 * @param repeatShare mean share of a piece's tokens in its longest repeated-pattern stretch
 * @param copyShare   mean share of a piece's tokens in its longest verbatim copy from the corpus (NaN for the corpus)
 */
record Summary(int pieces, double scaleConsistency, double repeatShare, double longestRepeat, double copyShare,
               double longestCopy, double seconds) {
    static Summary of(List<PieceReport> reports) {
        double scale = 0;
        double repeatShare = 0;
        double repeat = 0;
        double copyShare = 0;
        double copy = 0;
        int copies = 0;
        double seconds = 0;
        for (PieceReport p : reports) {
            seconds += p.seconds();
            scale += p.scale().share();
            repeat += p.repetition().length();
            repeatShare += p.tokens() == 0 ? 0 : (double) p.repetition().length() / p.tokens();
            if (p.copy() != null) {
                copyShare += p.copiedShare();
                copy += p.copy().length();
                copies++;
            }
        }
        int n = Math.max(1, reports.size());
        return new Summary(reports.size(), scale / n, repeatShare / n, repeat / n,
                copies == 0 ? Double.NaN : copyShare / copies, copies == 0 ? Double.NaN : copy / copies, seconds / n);
    }

    /** Overlap of the corpus's intra-set density with the inter-set one, averaged over the features. */
    static double meanOverlap(Evaluation e) {
        return e.sets().stream().mapToDouble(c -> c.referenceVsInter().overlapArea()).average().orElse(Double.NaN);
    }

    /** KL(corpus intra || inter), averaged over the features. */
    static double meanKl(Evaluation e) {
        return e.sets().stream().mapToDouble(c -> c.referenceVsInter().klDivergence()).average().orElse(Double.NaN);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanScaleConsistency", Numbers.json(scaleConsistency));
        m.put("meanLongestRepeatTokens", Numbers.json(longestRepeat));
        m.put("meanLongestRepeatShare", Numbers.json(repeatShare));
        m.put("meanLongestCopyTokens", Numbers.json(longestCopy));
        m.put("meanLongestCopyShare", Numbers.json(copyShare));
        m.put("meanSeconds", Numbers.json(seconds));
        return m;
    }
}
