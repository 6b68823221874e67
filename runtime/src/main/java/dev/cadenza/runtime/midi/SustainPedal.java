package dev.cadenza.runtime.midi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the sustain pedal into note lengths: a key released while its channel's pedal is down keeps sounding until
 * the pedal comes up, or until the same key is struck again on that channel (the damper falls on the re-strike),
 * whichever comes first. Notes released with the pedal up are left alone; no note gets shorter.
 */
final class SustainPedal {
    private SustainPedal() {
    }

    /**
     * @param notes   {start tick, end tick, pitch, velocity, channel}; end ticks are lengthened in place
     * @param pedal   {tick, channel, 1 down / 0 up, file order} for every CC64 event, any track
     * @param fileEnd the last tick of the file: a pedal never lifted holds its notes to there
     */
    static void fold(List<long[]> notes, List<long[]> pedal, long fileEnd) {
        // Per channel: tick -> pedal down after the last event at that tick (file order breaks ties).
        Map<Long, TreeMap<Long, Boolean>> states = new HashMap<>();
        List<long[]> ordered = new ArrayList<>(pedal);
        ordered.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[3]));
        for (long[] e : ordered) states.computeIfAbsent(e[1], c -> new TreeMap<>()).put(e[0], e[2] == 1);

        // Per channel and pitch: the onsets, to find the next strike of the same key.
        Map<Long, List<Long>> onsets = new HashMap<>();
        for (long[] n : notes) onsets.computeIfAbsent(n[4] * 128 + n[2], k -> new ArrayList<>()).add(n[0]);
        for (List<Long> list : onsets.values()) list.sort(null);

        for (long[] n : notes) {
            TreeMap<Long, Boolean> state = states.get(n[4]);
            if (state == null) continue;
            Map.Entry<Long, Boolean> atRelease = state.floorEntry(n[1]);
            if (atRelease == null || !atRelease.getValue()) continue; // released with the pedal up
            long lifted = fileEnd;
            for (Map.Entry<Long, Boolean> e : state.tailMap(n[1], false).entrySet()) {
                if (!e.getValue()) {
                    lifted = e.getKey();
                    break;
                }
            }
            long end = Math.min(lifted, nextStrike(onsets.get(n[4] * 128 + n[2]), n[0]));
            if (end > n[1]) n[1] = end;
        }
    }

    /** The first onset after {@code onset} in a sorted list, or Long.MAX_VALUE. */
    private static long nextStrike(List<Long> sorted, long onset) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid) <= onset) lo = mid + 1;
            else hi = mid;
        }
        return lo < sorted.size() ? sorted.get(lo) : Long.MAX_VALUE;
    }
}
