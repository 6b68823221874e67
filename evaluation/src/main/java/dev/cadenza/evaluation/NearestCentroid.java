package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simplest classifier worth the name: each feature is standardised (minus its mean, over its standard deviation,
 * both over all training examples), each class is the mean of its examples, and an example belongs to the nearest
 * class mean (Euclidean distance). It has nothing to tune, it does not favour the class with more examples (a logistic
 * regression would, unless weighted), and with a few dozen examples and a handful of features it is as good as
 * anything fancier. A feature that does not vary over the training examples is left out.
 *
 * @param labels    the classes, in the order first seen
 * @param mean      each feature's mean over the training examples
 * @param scale     each feature's standard deviation (0 for a feature left out)
 * @param centroids each class's mean of standardised features, in the order of {@code labels}
 */
public record NearestCentroid(List<String> labels, double[] mean, double[] scale, List<double[]> centroids) {

    /**
     * @param labels   the class of each example
     * @param examples the features of each example, all of one length
     * @throws IllegalArgumentException when there are no examples, lengths differ or a class has none
     */
    public static NearestCentroid fit(List<String> labels, List<double[]> examples) {
        if (examples.isEmpty() || labels.size() != examples.size()) {
            throw new IllegalArgumentException("one label per example, and at least one example, are needed");
        }
        int d = examples.get(0).length;
        double[] mean = new double[d];
        for (double[] x : examples) {
            if (x.length != d) throw new IllegalArgumentException("examples of different lengths");
            for (int j = 0; j < d; j++) mean[j] += x[j] / examples.size();
        }
        double[] scale = new double[d];
        for (double[] x : examples) for (int j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j] / examples.size());
            if (scale[j] < 1e-12) scale[j] = 0;
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            double[] z = standardise(examples.get(i), mean, scale);
            double[] sum = sums.computeIfAbsent(labels.get(i), k -> new double[d]);
            for (int j = 0; j < d; j++) sum[j] += z[j];
            counts.merge(labels.get(i), 1, Integer::sum);
        }
        List<double[]> centroids = new ArrayList<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] c = e.getValue();
            for (int j = 0; j < d; j++) c[j] /= counts.get(e.getKey());
            centroids.add(c);
        }
        return new NearestCentroid(List.copyOf(sums.keySet()), mean, scale, centroids);
    }

    /** The class whose mean is nearest; ties go to the class seen first. */
    public String classify(double[] features) {
        double[] z = standardise(features, mean, scale);
        String best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < labels.size(); c++) {
            double dist = 0;
            double[] centroid = centroids.get(c);
            for (int j = 0; j < z.length; j++) dist += (z[j] - centroid[j]) * (z[j] - centroid[j]);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = labels.get(c);
            }
        }
        return best;
    }

    /**
     * Leave-one-out cross-validation: each example classified by a classifier fitted on all the others (its own
     * standardisation included). Deterministic, and every example is a test once: the fair use of a few dozen.
     *
     * @return the predicted class of each example, in their order
     */
    public static List<String> leaveOneOut(List<String> labels, List<double[]> examples) {
        List<String> predicted = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            List<String> otherLabels = new ArrayList<>(labels);
            List<double[]> others = new ArrayList<>(examples);
            otherLabels.remove(i);
            others.remove(i);
            predicted.add(fit(otherLabels, others).classify(examples.get(i)));
        }
        return predicted;
    }

    private static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) z[j] = scale[j] == 0 ? 0 : (x[j] - mean[j]) / scale[j];
        return z;
    }
}
