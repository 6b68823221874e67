package dev.cadenza.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * What the style classifier looks at in a piece: its pitch range, density, polyphony, rhythm and dynamics, each as a
 * number that does not grow with the piece's length (a real piece lasts minutes, a generated one a minute), does not
 * change with its key (a key-normalised model moves its music) or its tempo (times are in quarter notes).
 *
 * @param pitchSpread     semitones from the 5th to the 95th percentile of the notes' pitches: the range the piece
 *                        really uses, without the one low bass note that would set its full range
 * @param notesPerQuarter notes per quarter note of the piece's length: density
 * @param sounding        notes sounding at each distinct onset, mean (the struck ones and those still held, the pedal
 *                        folded in when the reader folds it): polyphony, the thickness of the texture
 * @param interOnset      mean time between consecutive distinct onsets, in quarter notes: how fast the surface moves
 * @param lengthEntropy   entropy in bits of the note-length histogram ({@link PieceFeatures#LENGTH_CLASSES}): 0 for
 *                        one note value throughout, higher for varied rhythm
 * @param meanVelocity    mean MIDI velocity: how loud
 * @param velocitySpread  standard deviation of the velocities: how much the dynamics vary
 */
public record StyleFeatures(double pitchSpread, double notesPerQuarter, double sounding, double interOnset,
                            double lengthEntropy, double meanVelocity, double velocitySpread) {
    /** What the features measure, in words for help texts. */
    public static final String FEATURE_SUMMARY = "pitch range, density, polyphony, rhythm and dynamics";
    /** The features' names, in the order of {@link #vector()}. */
    public static final List<String> NAMES = List.of("pitch spread", "notes per quarter", "notes sounding",
            "inter-onset", "note-length entropy", "mean velocity", "velocity spread");

    public static StyleFeatures of(Piece piece) {
        List<Note> notes = piece.notes(); // by onset, then pitch
        int n = notes.size();
        if (n == 0) return new StyleFeatures(0, 0, 0, 0, 0, 0, 0);
        int[] pitches = notes.stream().mapToInt(Note::pitch).sorted().toArray();
        double spread = pitches[(int) Math.round(0.95 * (n - 1))] - pitches[(int) Math.round(0.05 * (n - 1))];
        double length = piece.lengthQuarters();

        // One pass over the distinct onsets: notes whose end is past the onset are still sounding there.
        PriorityQueue<Double> ends = new PriorityQueue<>();
        double soundingSum = 0;
        int onsets = 0;
        for (int i = 0; i < n; ) {
            double t = notes.get(i).onset();
            while (i < n && notes.get(i).onset() - t < 1e-6) ends.add(notes.get(i++).end());
            while (!ends.isEmpty() && ends.peek() <= t + 1e-6) ends.poll();
            soundingSum += ends.size();
            onsets++;
        }
        double span = notes.get(n - 1).onset() - notes.get(0).onset();

        double[] lengths = new double[PieceFeatures.LENGTH_CLASSES.length];
        double velocities = 0;
        for (Note note : notes) {
            lengths[PieceFeatures.lengthClass(note.duration())]++;
            velocities += note.velocity();
        }
        double mean = velocities / n;
        double squares = 0;
        for (Note note : notes) squares += (note.velocity() - mean) * (note.velocity() - mean);
        double entropy = 0;
        for (double c : lengths) {
            if (c > 0) entropy -= c / n * Math.log(c / n) / Math.log(2);
        }
        return new StyleFeatures(spread, length > 0 ? n / length : 0, soundingSum / onsets,
                onsets > 1 ? span / (onsets - 1) : 0, entropy, mean, Math.sqrt(squares / n));
    }

    /** The features in the order of {@link #NAMES}. */
    public double[] vector() {
        return new double[] {pitchSpread, notesPerQuarter, sounding, interOnset, lengthEntropy, meanVelocity, velocitySpread};
    }

    @Override
    public String toString() {
        return "StyleFeatures" + Arrays.toString(vector());
    }
}
