package dev.cadenza.runtime.midi;

/**
 * One sounding note. Times are in quarter notes so that they do not depend on the file's resolution or tempo.
 *
 * @param onset    start, in quarter notes from the beginning of the piece
 * @param duration length in quarter notes, always greater than zero
 * @param pitch    MIDI pitch, 0..127 (60 is middle C, spelled C4)
 * @param velocity MIDI velocity, 1..127
 */
public record Note(double onset, double duration, int pitch, int velocity) {
    public Note {
        if (pitch < 0 || pitch > 127) throw new IllegalArgumentException("pitch out of range: " + pitch);
        if (velocity < 1 || velocity > 127) throw new IllegalArgumentException("velocity out of range: " + velocity);
        if (!(duration > 0)) throw new IllegalArgumentException("duration must be positive: " + duration);
        if (!(onset >= 0)) throw new IllegalArgumentException("onset must not be negative: " + onset);
    }

    /** When the note stops, in quarter notes. */
    public double end() {
        return onset + duration;
    }
}
