package dev.cadenza.runtime.midi;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * The note, program and score-meta events of a MIDI file, track by track and in file order, before any merging. The tutorial's
 * parse (music21) keeps tracks apart, so the {@code classic} encoding needs them; everything else uses the merged
 * {@link Piece#notes()}.
 *
 * @param ticksPerQuarter the file's resolution (for SMPTE files: ticks of two quarter notes per second, as
 *                        {@link MidiReader} maps them)
 * @param tracks          one list per track of the file, in file order (tracks without such events are empty)
 */
public record MidiTracks(double ticksPerQuarter, List<List<TrackEvent>> tracks) {
    public MidiTracks {
        if (!(ticksPerQuarter > 0)) throw new IllegalArgumentException("ticks per quarter must be positive");
        tracks = tracks.stream().map(List::copyOf).toList();
    }

    /** Copies the note-on, note-off, program-change, tempo, time and key signature events of every track. */
    public static MidiTracks of(Sequence sequence, double ticksPerQuarter) {
        List<List<TrackEvent>> out = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            List<TrackEvent> events = new ArrayList<>();
            for (int i = 0; i < track.size(); i++) {
                MidiEvent event = track.get(i);
                if (event.getMessage() instanceof MetaMessage meta) {
                    int type = 0x100 | meta.getType();
                    if (type == TrackEvent.TEMPO || type == TrackEvent.TIME_SIGNATURE || type == TrackEvent.KEY_SIGNATURE) {
                        events.add(new TrackEvent(event.getTick(), type, 0, 0, 0));
                    }
                    continue;
                }
                if (!(event.getMessage() instanceof ShortMessage sm)) continue;
                int command = sm.getCommand();
                if (command == ShortMessage.NOTE_ON || command == ShortMessage.NOTE_OFF
                        || command == ShortMessage.PROGRAM_CHANGE) {
                    events.add(new TrackEvent(event.getTick(), command, sm.getChannel(), sm.getData1(), sm.getData2()));
                }
            }
            out.add(events);
        }
        return new MidiTracks(ticksPerQuarter, out);
    }
}
