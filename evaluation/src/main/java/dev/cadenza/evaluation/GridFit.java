package dev.cadenza.evaluation;

import java.util.Locale;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * How well a piece's note onsets sit on the {@code timed} encoding's grid of 12 steps per quarter note, which holds
 * sixteenths and eighth-note triplets. A file sequenced from notation sits on it (within a tick or two); a file with
 * 32nd notes or sextuplet sixteenths needs a finer grid; a performed (played-in) file fits no grid, and quantising it
 * moves most notes.
 *
 * @param notes     note onsets measured
 * @param onGrid    share of onsets within {@link #TOLERANCE} of a grid step of the 12 grid (NaN without notes)
 * @param deviation mean distance of an onset from its nearest step of the 12 grid, in steps (0 to 0.5; 0.25 for
 *                  onsets spread at random)
 * @param grid      the coarsest of 12, 24 and 48 steps per quarter on which at least {@link #FITS} of the onsets sit,
 *                  or 0 when none does (a few stray onsets when {@code onGrid} is at least {@link #MOSTLY}; else
 *                  performed or unquantised timing)
 */
public record GridFit(int notes, double onGrid, double deviation, int grid) {
    public static final int[] GRIDS = {12, 24, 48};
    /**
     * How far from a step, in steps, an onset may be and still count as on it: a tenth of a step, 4 ticks at 480 ticks
     * per quarter, enough for files that start notes a tick late.
     */
    public static final double TOLERANCE = 0.1;
    /** Below this share on every grid, a file's timing is taken as performed rather than notated. */
    public static final double MOSTLY = 0.9;
    /** The share of onsets on a grid for the grid to fit the file. */
    public static final double FITS = 0.98;

    public static GridFit of(Piece piece) {
        int n = piece.notes().size();
        if (n == 0) return new GridFit(0, Double.NaN, Double.NaN, 0);
        double deviation = 0;
        for (Note note : piece.notes()) deviation += distance(note.onset(), GRIDS[0]);
        int fitting = 0;
        for (int grid : GRIDS) {
            if (share(piece, grid) >= FITS) {
                fitting = grid;
                break;
            }
        }
        return new GridFit(n, share(piece, GRIDS[0]), deviation / n, fitting);
    }

    /** Share of onsets within {@link #TOLERANCE} of a step of a grid of {@code grid} steps per quarter. */
    public static double share(Piece piece, int grid) {
        long on = piece.notes().stream().filter(note -> distance(note.onset(), grid) <= TOLERANCE).count();
        return piece.notes().isEmpty() ? Double.NaN : (double) on / piece.notes().size();
    }

    private static double distance(double quarters, int grid) {
        double steps = quarters * grid;
        return Math.abs(steps - Math.rint(steps));
    }

    /** Whether the encoding's grid holds the piece as it is (at least {@link #FITS} of its onsets on it). */
    public boolean fits() {
        return grid == GRIDS[0];
    }

    /** One line on what the grid does to this piece, for a corpus report. */
    public String describe() {
        if (notes == 0) return "no notes";
        String on = String.format(Locale.ROOT, "%.1f %% of onsets on the 12-per-quarter grid", 100 * onGrid);
        if (fits()) return on;
        if (grid > 0) {
            return on + String.format(Locale.ROOT, ", %d per quarter fits (finer notes, 32nds or sextuplets, are moved "
                    + "to the 12 grid)", grid);
        }
        if (onGrid >= MOSTLY) return on + " and on no finer grid (a few ornaments, grace notes or odd tuplets)";
        return on + " and on no grid up to 48 per quarter (performed or unquantised timing: quantising moves the notes)";
    }
}
