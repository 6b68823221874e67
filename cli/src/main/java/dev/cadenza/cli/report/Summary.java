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
 * @param structure   means of the structure measures
 */
record Summary(int pieces, double scaleConsistency, double repeatShare, double longestRepeat, double copyShare,
               double longestCopy, double seconds, Structure structure) {

    /**
     * Means over pieces of {@link dev.cadenza.evaluation.Recurrence}, {@link dev.cadenza.evaluation.OuterVoices} and notes per second (pieces where a measure is
     * undefined, say one without windows, are left out of its mean).
     */
    record Structure(double recurrence, double rhythmRecurrence, double pitchClassRecurrence, double distinct,
                     double independence, double topSteps, double notesPerSecond) {
        static Structure of(List<PieceReport> reports) {
            return new Structure(mean(reports, p -> p.recurrence().exact()), mean(reports, p -> p.recurrence().rhythm()),
                    mean(reports, p -> p.recurrence().pitchClasses()), mean(reports, p -> p.recurrence().distinct()),
                    mean(reports, p -> p.outerVoices().independence()), mean(reports, p -> p.outerVoices().topSteps()),
                    mean(reports, PieceReport::notesPerSecond));
        }

        private static double mean(List<PieceReport> reports, java.util.function.ToDoubleFunction<PieceReport> measure) {
            return reports.stream().mapToDouble(measure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        }

        /** The JSON keys, in the order of the record's components. */
        private static final List<String> KEYS = List.of("meanRecurrence", "meanRhythmRecurrence",
                "meanPitchClassRecurrence", "meanDistinctWindows", "meanOuterVoiceIndependence", "meanTopLineSteps",
                "meanNotesPerSecond");

        Map<String, Object> toMap() {
            double[] values = {recurrence, rhythmRecurrence, pitchClassRecurrence, distinct, independence, topSteps,
                    notesPerSecond};
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) m.put(KEYS.get(i), Numbers.json(values[i]));
            return m;
        }
    }

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
                copies == 0 ? Double.NaN : copyShare / copies, copies == 0 ? Double.NaN : copy / copies, seconds / n, Structure.of(reports));
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
        m.putAll(structure.toMap());
        return m;
    }
}
