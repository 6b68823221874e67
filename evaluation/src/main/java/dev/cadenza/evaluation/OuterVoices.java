package dev.cadenza.evaluation;

import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * The two outer lines of a piece's texture, the bass (the lowest sounding pitch) and the top (the highest), and how
 * they move against each other: piano music is mostly a melody on top of a bass line or left-hand pattern.
 *
 * <p>The piece is looked at each time a note starts (onsets rounded to {@link Recurrence#GRID} steps per quarter, so
 * a chord spread by a few ticks is one time). At each such time the sounding notes are those started at or before it
 * and not yet ended. From one time to the next:
 * <ul>
 *   <li>a <em>move</em> is a change of the bass or of the top pitch, or a time at which fewer than two pitches sound
 *       (no bass under a top: a single line or a lone note);</li>
 *   <li>a move is <em>independent</em> when two or more pitches sound at both times and either exactly one of the two
 *       outer pitches changes (oblique motion: a melody over a held bass, a bass walking under a held note) or both
 *       change in opposite directions (contrary motion). Block chords, where both move the same way, and single
 *       lines are not independent.</li>
 * </ul>
 *
 * @param moves        moves counted
 * @param independence share of moves that are independent (NaN without moves)
 * @param topSteps     share of the top line's changes of pitch that are steps of at most 2 semitones, how much the
 *                     top reads as a melody rather than a scatter of leaps (NaN when the top never changes)
 */
public record OuterVoices(int moves, double independence, double topSteps) {
    /** The largest interval, in semitones, that counts as a melodic step (a whole tone). */
    public static final int STEP = 2;

    public static OuterVoices of(Piece piece) {
        List<Note> notes = piece.notes(); // sorted by onset
        TreeMap<Integer, Integer> sounding = new TreeMap<>(); // pitch -> how many notes of it sound
        PriorityQueue<long[]> ends = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {end step, pitch}
        int moves = 0;
        int independent = 0;
        int topChanges = 0;
        int topStepChanges = 0;
        int[] previous = null; // {bass, top, distinct pitches}
        int i = 0;
        while (i < notes.size()) {
            long time = step(notes.get(i).onset());
            while (!ends.isEmpty() && ends.peek()[0] <= time) {
                int pitch = (int) ends.poll()[1];
                if (sounding.merge(pitch, -1, Integer::sum) == 0) sounding.remove(pitch);
            }
            for (; i < notes.size() && step(notes.get(i).onset()) == time; i++) {
                Note note = notes.get(i);
                sounding.merge(note.pitch(), 1, Integer::sum);
                ends.add(new long[] {Math.max(time + 1, step(note.end())), note.pitch()});
            }
            int[] now = {sounding.firstKey(), sounding.lastKey(), sounding.size()};
            if (previous != null) {
                int bassMove = now[0] - previous[0];
                int topMove = now[1] - previous[1];
                if (topMove != 0) {
                    topChanges++;
                    if (Math.abs(topMove) <= STEP) topStepChanges++;
                }
                boolean twoLines = previous[2] >= 2 && now[2] >= 2;
                if (!twoLines) {
                    moves++;
                } else if (bassMove != 0 || topMove != 0) {
                    moves++;
                    if (bassMove == 0 || topMove == 0 || Integer.signum(bassMove) != Integer.signum(topMove)) independent++;
                }
            }
            previous = now;
        }
        return new OuterVoices(moves, moves == 0 ? Double.NaN : (double) independent / moves,
                topChanges == 0 ? Double.NaN : (double) topStepChanges / topChanges);
    }

    private static long step(double quarters) {
        return Math.round(quarters * Recurrence.GRID);
    }
}
