package dev.cadenza.evaluation;

import java.util.HashSet;
import java.util.Set;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * What rounding a piece's onsets to a grid does to its timing: the round trip of an encoding on that grid, such as
 * {@code timed} on 12 steps per quarter, which also keeps one note where two of the same pitch land on one step.
 * Measured for any grid, so a finer one can be weighed before an encoding is built on it.
 *
 * @param grid       steps per quarter note
 * @param notes      notes of the piece
 * @param lost       notes merged into another of the same pitch on the same step
 * @param meanMillis mean distance an onset moves, in milliseconds at the piece's tempo (NaN without notes)
 * @param maxMillis  the largest distance an onset moves, in milliseconds
 * @param moved      share of onsets moved by more than a millisecond
 */
public record QuantisationError(int grid, int notes, int lost, double meanMillis, double maxMillis, double moved) {

    public static QuantisationError of(Piece piece, int grid) {
        if (grid < 1) throw new IllegalArgumentException("grid must be at least 1 step per quarter: " + grid);
        int n = piece.notes().size();
        if (n == 0) return new QuantisationError(grid, 0, 0, Double.NaN, 0, Double.NaN);
        double millisPerQuarter = 60_000 / piece.tempoBpm();
        Set<Long> kept = new HashSet<>();
        double sum = 0;
        double max = 0;
        int moved = 0;
        for (Note note : piece.notes()) {
            long step = Math.round(note.onset() * grid);
            if (!kept.add(step * 128 + note.pitch())) continue;
            double millis = Math.abs(note.onset() - (double) step / grid) * millisPerQuarter;
            sum += millis;
            max = Math.max(max, millis);
            if (millis > 1) moved++;
        }
        int lost = n - kept.size();
        return new QuantisationError(grid, n, lost, sum / kept.size(), max, (double) moved / kept.size());
    }
}
