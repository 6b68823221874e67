package dev.cadenza.runtime.midi;

import java.util.Comparator;
import java.util.List;

/**
 * A piece of music as one merged piano part.
 *
 * @param name     where it came from (usually the file name), for messages
 * @param notes    notes sorted by onset, then pitch
 * @param tempoBpm the initial tempo in quarter notes per minute
 * @param warnings things the reader repaired or dropped, one line each (never fatal)
 * @param tracks   the file's note and program events track by track, for encodings that keep tracks apart
 *                 ({@code classic}); null when the piece did not come from a MIDI file
 */
public record Piece(String name, List<Note> notes, double tempoBpm, List<String> warnings, MidiTracks tracks) {
    public static final double DEFAULT_TEMPO = 120.0;

    public Piece {
        notes = notes.stream()
                .sorted(Comparator.comparingDouble(Note::onset).thenComparingInt(Note::pitch))
                .toList();
        warnings = List.copyOf(warnings);
        if (!(tempoBpm > 0)) throw new IllegalArgumentException("tempo must be positive: " + tempoBpm);
    }

    /** A piece with warnings but no per-track events. */
    public Piece(String name, List<Note> notes, double tempoBpm, List<String> warnings) {
        this(name, notes, tempoBpm, warnings, null);
    }

    /** A piece without warnings. */
    public Piece(String name, List<Note> notes, double tempoBpm) {
        this(name, notes, tempoBpm, List.of());
    }

    /**
     * The piece {@code semitones} higher (lower when negative), tracks left out. A note pushed off the MIDI range
     * (0..127) is moved back by octaves, so no note is lost.
     */
    public Piece transposed(int semitones) {
        if (semitones == 0) return this;
        List<Note> moved = new java.util.ArrayList<>(notes.size());
        for (Note n : notes) {
            int pitch = n.pitch() + semitones;
            while (pitch > 127) pitch -= 12;
            while (pitch < 0) pitch += 12;
            moved.add(new Note(n.onset(), n.duration(), pitch, n.velocity()));
        }
        return new Piece(name, moved, tempoBpm, warnings, null);
    }

    /** Length in quarter notes, up to the end of the last note. */
    public double lengthQuarters() {
        return notes.stream().mapToDouble(Note::end).max().orElse(0);
    }

    /** Length in seconds at the initial tempo. */
    public double lengthSeconds() {
        return lengthQuarters() * 60.0 / tempoBpm;
    }
}
