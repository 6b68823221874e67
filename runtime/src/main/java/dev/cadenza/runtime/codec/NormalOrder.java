package dev.cadenza.runtime.codec;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Normal order of a pitch-class set, the way music21's {@code Chord.normalOrder} names the tutorial's chords: of
 * all rotations of the sorted pitch classes, the most compact one (smallest span from first to last); ties go to
 * the rotation packed most tightly towards its start, then to the one starting on the lowest pitch class.
 */
public final class NormalOrder {
    private NormalOrder() {
    }

    public static int[] of(Collection<Integer> pitches) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int p : pitches) set.add(Math.floorMod(p, 12));
        int[] pcs = set.stream().mapToInt(Integer::intValue).toArray();
        int n = pcs.length;
        if (n <= 1) return pcs;
        int[] best = null;
        for (int start = 0; start < n; start++) {
            int[] rotation = new int[n];
            for (int k = 0; k < n; k++) rotation[k] = pcs[(start + k) % n];
            if (best == null || moreCompact(rotation, best)) best = rotation;
        }
        return best;
    }

    /** Compares spans from the first note to the last, then to the second-to-last, and so on; then the first pc. */
    private static boolean moreCompact(int[] a, int[] b) {
        for (int k = a.length - 1; k >= 1; k--) {
            int spanA = Math.floorMod(a[k] - a[0], 12);
            int spanB = Math.floorMod(b[k] - b[0], 12);
            if (spanA != spanB) return spanA < spanB;
        }
        return a[0] < b[0];
    }

    public static String dotted(Collection<Integer> pitches) {
        return String.join(".", Arrays.stream(of(pitches)).mapToObj(Integer::toString).toList());
    }
}
