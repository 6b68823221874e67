package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * Whether a piece says things twice: its beat-aligned windows of two quarter notes, and how many of them come back
 * somewhere else in the same piece. Histogram measures cannot see this (a piece with no phrase that ever returns
 * matches a corpus's pitch and rhythm histograms well); a piece of music repeats motifs, bars and whole strains.
 *
 * <p>Window k holds the notes whose onset, rounded to a grid of {@link #GRID} steps per quarter, falls in quarters
 * [2k, 2k + 2); windows without an onset are left out. A window's content is compared three ways:
 * <ul>
 *   <li>exact: the set of (onset offset in grid steps from the window's start, MIDI pitch);</li>
 *   <li>rhythm: the set of onset offsets alone;</li>
 *   <li>pitch classes: the set of pitch classes (C = 0 .. B = 11) of its notes, times ignored.</li>
 * </ul>
 * Windows start at the piece's time 0, so a phrase restated half a bar later than it first came is not found; a
 * piece whose written bar lines the file keeps counts the same.
 *
 * @param windows      windows holding at least one onset
 * @param exact        share of those windows whose exact content occurs in at least one other window of the piece
 * @param rhythm       the same share for rhythm-only content
 * @param pitchClasses the same share for pitch-class content
 * @param distinct     distinct exact contents divided by windows: 1 when nothing recurs, low for a loop that states
 *                     a few windows again and again
 */
public record Recurrence(int windows, double exact, double rhythm, double pitchClasses, double distinct) {
    /** Grid steps per quarter note onsets are rounded to: the {@code timed} encoding's grid. */
    public static final int GRID = 12;
    /** Window length in quarter notes: two beats of a 4/4 or 2/4 bar, half a bar of 4/4. */
    public static final int WINDOW_QUARTERS = 2;

    public static Recurrence of(Piece piece) {
        TreeMap<Long, List<Note>> byWindow = new TreeMap<>();
        long steps = (long) GRID * WINDOW_QUARTERS;
        for (Note note : piece.notes()) {
            long step = Math.round(note.onset() * GRID);
            byWindow.computeIfAbsent(step / steps, k -> new ArrayList<>()).add(note);
        }
        int n = byWindow.size();
        if (n == 0) return new Recurrence(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        List<Set<Long>> exact = new ArrayList<>(n);
        List<Set<Long>> rhythm = new ArrayList<>(n);
        List<Set<Long>> pitchClasses = new ArrayList<>(n);
        for (Map.Entry<Long, List<Note>> window : byWindow.entrySet()) {
            long start = window.getKey() * steps;
            Set<Long> e = new TreeSet<>();
            Set<Long> r = new TreeSet<>();
            Set<Long> pc = new TreeSet<>();
            for (Note note : window.getValue()) {
                long offset = Math.round(note.onset() * GRID) - start;
                e.add(offset * 128 + note.pitch());
                r.add(offset);
                pc.add((long) (note.pitch() % 12));
            }
            exact.add(e);
            rhythm.add(r);
            pitchClasses.add(pc);
        }
        Map<Set<Long>, Integer> exactCounts = counts(exact);
        return new Recurrence(n, recurring(exact, exactCounts), recurring(rhythm, counts(rhythm)),
                recurring(pitchClasses, counts(pitchClasses)), (double) exactCounts.size() / n);
    }

    private static Map<Set<Long>, Integer> counts(List<Set<Long>> contents) {
        Map<Set<Long>, Integer> counts = new HashMap<>();
        for (Set<Long> c : contents) counts.merge(c, 1, Integer::sum);
        return counts;
    }

    /** Share of windows whose content is found in another window too. */
    private static double recurring(List<Set<Long>> contents, Map<Set<Long>, Integer> counts) {
        return contents.stream().filter(c -> counts.get(c) > 1).count() / (double) contents.size();
    }
}
