package dev.cadenza.runtime.midi;

/**
 * One event of a MIDI track, as the file stores it: note-on (velocity 0 included), note-off, program change, or one
 * of the meta events music21 turns into score elements (tempo, time signature, key signature). Kept so that an encoding can read a file track by track the way music21 does (see
 * {@link MidiTracks}); {@link Piece#notes()} is the merged, cleaned-up view.
 *
 * @param tick    absolute time in the file's ticks
 * @param command {@link javax.sound.midi.ShortMessage#NOTE_ON}, {@code NOTE_OFF}, {@code PROGRAM_CHANGE}, or
 *                {@link #TEMPO}, {@link #TIME_SIGNATURE}, {@link #KEY_SIGNATURE} for meta events
 * @param channel 0..15
 * @param data1   pitch (notes) or program number (program change)
 * @param data2   velocity (notes), 0 for a program change
 */
public record TrackEvent(long tick, int command, int channel, int data1, int data2) {
    /** Meta event types, offset by 0x100 so they never equal a channel message's command. */
    public static final int TEMPO = 0x151;
    public static final int TIME_SIGNATURE = 0x158;
    public static final int KEY_SIGNATURE = 0x159;

    public boolean isMeta() {
        return command >= 0x100;
    }
}
