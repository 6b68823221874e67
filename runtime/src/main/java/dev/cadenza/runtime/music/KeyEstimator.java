package dev.cadenza.runtime.music;

import java.util.Collection;

import dev.cadenza.runtime.midi.Note;

/**
 * Estimates the key of a passage with the Krumhansl-Schmuckler method: a pitch-class histogram weighted by how long
 * each note sounds, correlated (Pearson) with the Krumhansl-Kessler probe-tone profiles rotated to each of the 24
 * keys; the best correlation wins. Durations are capped at four quarter notes, so one long held bass note does not
 * outweigh a whole melody. Thread-safe.
 */
public final class KeyEstimator {
    /** Krumhansl and Kessler (1982), probe-tone ratings for C major and C minor, degree by degree from the tonic. */
    private static final double[] MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    private static final double MAX_WEIGHT_QUARTERS = 4.0;

    /** The estimate, and how sure it is. */
    public record Estimate(Key key, double correlation) {
    }

    /**
     * The most likely key of the notes; C major for an empty passage (there is nothing to tell).
     */
    public Key estimate(Collection<Note> notes) {
        return estimateWithScore(notes).key();
    }

    public Estimate estimateWithScore(Collection<Note> notes) {
        double[] histogram = new double[12];
        for (Note n : notes) histogram[n.pitch() % 12] += Math.min(n.duration(), MAX_WEIGHT_QUARTERS);
        return best(histogram);
    }

    /** The best key for a pitch-class histogram (12 weights from C). */
    public Estimate best(double[] histogram) {
        Key best = new Key(0, false);
        double bestR = Double.NEGATIVE_INFINITY;
        for (Key key : Key.all()) {
            double r = correlation(histogram, key.minor() ? MINOR : MAJOR, key.tonic());
            if (r > bestR + 1e-12) {
                bestR = r;
                best = key;
            }
        }
        return new Estimate(best, Double.isFinite(bestR) ? bestR : 0);
    }

    /** Pearson correlation of the histogram with the profile rotated so its tonic is {@code tonic}. */
    private static double correlation(double[] histogram, double[] profile, int tonic) {
        double mh = 0;
        double mp = 0;
        for (int i = 0; i < 12; i++) {
            mh += histogram[i];
            mp += profile[i];
        }
        mh /= 12;
        mp /= 12;
        double num = 0;
        double dh = 0;
        double dp = 0;
        for (int pc = 0; pc < 12; pc++) {
            double h = histogram[pc] - mh;
            double p = profile[Math.floorMod(pc - tonic, 12)] - mp;
            num += h * p;
            dh += h * h;
            dp += p * p;
        }
        return dh == 0 ? Double.NEGATIVE_INFINITY : num / Math.sqrt(dh * dp);
    }
}
