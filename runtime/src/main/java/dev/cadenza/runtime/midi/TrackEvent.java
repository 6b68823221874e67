package dev.cadenza.runtime.midi;

/**
 * One channel message of a MIDI track, as the file stores it: note-on (velocity 0 included), note-off or program
 * change. Kept so that an encoding can read a file track by track the way music21 does (see
 * {@link MidiTracks}); {@link Piece#notes()} is the merged, cleaned-up view.
 *
 * @param tick    absolute time in the file's ticks
 * @param command {@link javax.sound.midi.ShortMessage#NOTE_ON}, {@code NOTE_OFF} or {@code PROGRAM_CHANGE}
 * @param channel 0..15
 * @param data1   pitch (notes) or program number (program change)
 * @param data2   velocity (notes), 0 for a program change
 */
public record TrackEvent(long tick, int command, int channel, int data1, int data2) {
}
