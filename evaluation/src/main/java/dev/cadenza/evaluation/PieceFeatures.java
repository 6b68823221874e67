package dev.cadenza.evaluation;

import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * The per-piece features of Yang and Lerch (2018), "On the evaluation of generative models in music", computed on a
 * merged piano part. Times are in quarter notes, not seconds, so that pieces at different tempos compare by their
 * rhythm; bars are {@code quartersPerBar} long because a {@link Piece} keeps no time signature.
 *
 * <p>"Consecutive notes" means the notes in onset order, lowest pitch first within a chord, which is how a chord is
 * also spelled in the token stream.
 *
 * @param pitchCount            number of distinct MIDI pitches used
 * @param pitchClassHistogram   12 shares of notes per pitch class (C first), summing to 1
 * @param pitchClassTransitions 12 x 12 shares of consecutive pitch-class pairs (row: from, column: to), summing to 1
 * @param pitchRange            highest minus lowest pitch, in semitones
 * @param meanAbsInterval       mean absolute interval between consecutive notes, in semitones
 * @param notesPerBar           note count divided by the number of bars the piece spans
 * @param meanInterOnset        mean time between consecutive distinct onsets, in quarter notes
 * @param noteLengthHistogram   shares of notes in the 12 length classes of {@link #LENGTH_CLASSES}
 */
public record PieceFeatures(int pitchCount, double[] pitchClassHistogram, double[][] pitchClassTransitions,
                            int pitchRange, double meanAbsInterval, double notesPerBar, double meanInterOnset,
                            double[] noteLengthHistogram) {
    /**
     * The note length classes of Yang and Lerch, in quarter notes: whole, half, quarter, eighth, sixteenth, their
     * dotted forms (but the whole), and half, quarter and eighth triplets.
     */
    public static final double[] LENGTH_CLASSES = {4, 2, 1, 0.5, 0.25, 3, 1.5, 0.75, 0.375, 4.0 / 3, 2.0 / 3, 1.0 / 3};
    public static final List<String> LENGTH_CLASS_NAMES = List.of("1", "1/2", "1/4", "1/8", "1/16", "1/2.", "1/4.",
            "1/8.", "1/16.", "1/2t", "1/4t", "1/8t");
    public static final List<String> PITCH_CLASS_NAMES = List.of("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A",
            "A#", "B");
    public static final double DEFAULT_QUARTERS_PER_BAR = 4;
    /** Onsets closer than this (in quarter notes) count as one. */
    private static final double SAME_ONSET = 1e-6;

    public static PieceFeatures of(Piece piece) {
        return of(piece, DEFAULT_QUARTERS_PER_BAR);
    }

    public static PieceFeatures of(Piece piece, double quartersPerBar) {
        if (!(quartersPerBar > 0)) throw new IllegalArgumentException("quarters per bar must be positive: " + quartersPerBar);
        List<Note> notes = piece.notes(); // sorted by onset, then pitch
        int n = notes.size();
        double[] pch = new double[12];
        double[][] pctm = new double[12][12];
        double[] nlh = new double[LENGTH_CLASSES.length];
        boolean[] used = new boolean[128];
        int low = 127;
        int high = 0;
        double intervals = 0;
        double onsetGaps = 0;
        int gaps = 0;
        for (int i = 0; i < n; i++) {
            Note note = notes.get(i);
            used[note.pitch()] = true;
            low = Math.min(low, note.pitch());
            high = Math.max(high, note.pitch());
            pch[note.pitch() % 12]++;
            nlh[lengthClass(note.duration())]++;
            if (i > 0) {
                Note previous = notes.get(i - 1);
                pctm[previous.pitch() % 12][note.pitch() % 12]++;
                intervals += Math.abs(note.pitch() - previous.pitch());
                double gap = note.onset() - previous.onset();
                if (gap > SAME_ONSET) {
                    onsetGaps += gap;
                    gaps++;
                }
            }
        }
        int pitchCount = 0;
        for (boolean u : used) if (u) pitchCount++;
        normalise(pch);
        normalise(nlh);
        double transitions = n > 1 ? n - 1 : 0;
        if (transitions > 0) {
            for (double[] row : pctm) for (int j = 0; j < 12; j++) row[j] /= transitions;
        }
        double bars = Math.max(1, Math.ceil(piece.lengthQuarters() / quartersPerBar - SAME_ONSET));
        return new PieceFeatures(pitchCount, pch, pctm, n == 0 ? 0 : high - low, n > 1 ? intervals / (n - 1) : 0,
                n / bars, gaps > 0 ? onsetGaps / gaps : 0, nlh);
    }

    /** The length class nearest to {@code quarters}, judged by ratio (a 16th is as far from an 8th as a half from a whole). */
    public static int lengthClass(double quarters) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < LENGTH_CLASSES.length; k++) {
            double d = Math.abs(Math.log(quarters / LENGTH_CLASSES[k]));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static void normalise(double[] counts) {
        double sum = Arrays.stream(counts).sum();
        if (sum > 0) for (int i = 0; i < counts.length; i++) counts[i] /= sum;
    }
}
