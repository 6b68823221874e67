package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.midi.Piece;

/**
 * Whether pieces asked for different composers' styles sound like those composers, as far as simple features can
 * tell: a {@link NearestCentroid} classifier on {@link StyleFeatures} is fitted on real pieces of each style, its
 * leave-one-out accuracy on those real pieces says whether the features can tell the composers apart at all, and the
 * share of generated pieces it puts in the style they were asked for says whether the model's styles differ the way
 * the composers do.
 *
 * @param styles    the styles compared, in the order given
 * @param real      each real piece with its composer and the class leave-one-out cross-validation gave it
 * @param generated each generated piece with the style it was asked for and the class the classifier (fitted on all
 *                  real pieces) gives it; empty when only real pieces were judged
 */
public record StyleClassification(List<String> styles, List<Judged> real, List<Judged> generated) {
    public StyleClassification {
        styles = List.copyOf(styles);
        real = List.copyOf(real);
        generated = List.copyOf(generated);
    }

    /**
     * @param piece   the piece's name
     * @param style   its composer (real pieces) or the style it was asked for (generated ones)
     * @param judged  the style the classifier gives it
     */
    public record Judged(String piece, String style, String judged) {
        public boolean right() {
            return style.equals(judged);
        }
    }

    /**
     * @param real      real pieces per style, two or more styles with two or more pieces each
     * @param generated generated pieces per asked style (styles of {@code real} only); empty to judge the real ones
     * @throws IllegalArgumentException when there are fewer than two styles, a style has fewer than two real pieces,
     *                                  or generated pieces ask for a style without real ones
     */
    public static StyleClassification of(Map<String, List<Piece>> real, Map<String, List<Piece>> generated) {
        if (real.size() < 2) throw new IllegalArgumentException("two or more styles are needed to tell apart");
        List<String> labels = new ArrayList<>();
        List<double[]> examples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<Piece>> e : real.entrySet()) {
            if (e.getValue().size() < 2) {
                throw new IllegalArgumentException("style " + e.getKey() + " has " + e.getValue().size()
                        + " real piece(s); two or more are needed to fit and cross-validate");
            }
            for (Piece p : e.getValue()) {
                labels.add(e.getKey());
                examples.add(StyleFeatures.of(p).vector());
                names.add(p.name());
            }
        }
        List<String> predicted = NearestCentroid.leaveOneOut(labels, examples);
        List<Judged> realJudged = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) realJudged.add(new Judged(names.get(i), labels.get(i), predicted.get(i)));

        NearestCentroid classifier = NearestCentroid.fit(labels, examples);
        List<Judged> generatedJudged = new ArrayList<>();
        for (Map.Entry<String, List<Piece>> e : generated.entrySet()) {
            if (!real.containsKey(e.getKey())) {
                throw new IllegalArgumentException("generated pieces ask for style " + e.getKey() + ", which has no real pieces");
            }
            for (Piece p : e.getValue()) {
                generatedJudged.add(new Judged(p.name(), e.getKey(), classifier.classify(StyleFeatures.of(p).vector())));
            }
        }
        return new StyleClassification(List.copyOf(real.keySet()), realJudged, generatedJudged);
    }

    /** The share of real pieces of {@code style} (all styles when null) that cross-validation classifies right. */
    public double realAccuracy(String style) {
        return share(real, style);
    }

    /** The share of generated pieces asked for {@code style} (all when null) classified as it; NaN for none. */
    public double generatedShare(String style) {
        return share(generated, style);
    }

    /** How many pieces of each style a list holds, in the order of {@link #styles}. */
    public Map<String, Integer> counts(List<Judged> judged) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String s : styles) out.put(s, 0);
        for (Judged j : judged) out.merge(j.style(), 1, Integer::sum);
        return out;
    }

    private static double share(List<Judged> judged, String style) {
        int n = 0;
        int right = 0;
        for (Judged j : judged) {
            if (style != null && !style.equals(j.style())) continue;
            n++;
            if (j.right()) right++;
        }
        return n == 0 ? Double.NaN : right / (double) n;
    }
}
