package dev.cadenza.evaluation;

import java.util.List;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * The largest share of a piece's notes that lies inside one major or minor scale, and which scale that is. Tonal
 * music scores near 1; random pitches score about 7/12. Natural minor scales hold the same notes as their relative
 * majors, so the minor family here is the harmonic minor (raised seventh), which differs.
 *
 * @param share the best share, 0..1 (0 for a piece without notes)
 * @param scale its name, such as {@code C major} or {@code A harmonic minor}; ties go to the major scale and the
 *              lowest tonic
 */
public record ScaleConsistency(double share, String scale) {
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] HARMONIC_MINOR = {0, 2, 3, 5, 7, 8, 11};
    /** Tonic names as keys are usually spelled (A-flat major, G-sharp minor). */
    private static final List<String> MAJOR_KEYS = List.of("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B");
    private static final List<String> MINOR_KEYS = List.of("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B");

    public static ScaleConsistency of(Piece piece) {
        int[] counts = new int[12];
        for (Note note : piece.notes()) counts[note.pitch() % 12]++;
        return of(counts);
    }

    /** @param pitchClassCounts notes per pitch class, C first */
    public static ScaleConsistency of(int[] pitchClassCounts) {
        int total = 0;
        for (int c : pitchClassCounts) total += c;
        if (total == 0) return new ScaleConsistency(0, "none");
        int best = -1;
        String bestName = "";
        for (int[] steps : List.of(MAJOR, HARMONIC_MINOR)) {
            for (int tonic = 0; tonic < 12; tonic++) {
                int inside = 0;
                for (int step : steps) inside += pitchClassCounts[(tonic + step) % 12];
                if (inside > best) {
                    best = inside;
                    bestName = steps == MAJOR ? MAJOR_KEYS.get(tonic) + " major" : MINOR_KEYS.get(tonic) + " harmonic minor";
                }
            }
        }
        return new ScaleConsistency((double) best / total, bestName);
    }
}
