package dev.cadenza.runtime.midi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * A time signature from a MIDI file, in force from {@code atQuarter} (quarter notes from the start) on.
 *
 * @param numerator   beats per bar (the 3 of 3/4)
 * @param denominator the beat's note value (the 4 of 3/4), a power of two
 */
public record TimeSignature(double atQuarter, int numerator, int denominator) {
    public static final TimeSignature COMMON = new TimeSignature(0, 4, 4);
    private static final int META_TIME_SIGNATURE = 0x58;

    public TimeSignature {
        if (numerator < 1 || denominator < 1 || !(atQuarter >= 0)) {
            throw new IllegalArgumentException("not a time signature: " + numerator + "/" + denominator);
        }
    }

    /** Length of one bar in quarter notes: 3/4 is 3, 6/8 is 3, 2/2 is 4. */
    public double quartersPerBar() {
        return numerator * 4.0 / denominator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }

    /**
     * The time signatures of a MIDI file, in order; empty when it has none (MIDI then means 4/4) or counts time in
     * SMPTE frames, where bars have no meaning. Malformed time-signature events are skipped, not fatal: the notes
     * matter more than the bar lines.
     */
    public static List<TimeSignature> read(Path file) throws MidiFileException {
        // the reader's own checks and one-line reasons first (not a MIDI file, too large, a FIFO, ...)
        return read(file, MidiReader.readBytes(file));
    }

    /** As {@link #read(Path)} for MIDI bytes that came without a file; {@code name} only labels messages. */
    public static List<TimeSignature> read(Path name, byte[] midi) throws MidiFileException {
        MidiReader.checkHeader(name, midi);
        try {
            return of(MidiSystem.getSequence(new java.io.ByteArrayInputStream(midi)));
        } catch (InvalidMidiDataException | IOException e) {
            throw new MidiFileException(name, "not a readable MIDI file (" + e.getMessage() + ")");
        }
    }

    private static List<TimeSignature> of(Sequence sequence) {
        if (sequence.getDivisionType() != Sequence.PPQ || sequence.getResolution() <= 0) return List.of();
        double ticksPerQuarter = sequence.getResolution();
        List<TimeSignature> found = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent event = track.get(i);
                if (event.getMessage() instanceof MetaMessage meta && meta.getType() == META_TIME_SIGNATURE
                        && meta.getData().length >= 2 && meta.getData()[1] >= 0 && meta.getData()[1] < 8
                        && meta.getData()[0] > 0) {
                    found.add(new TimeSignature(event.getTick() / ticksPerQuarter, meta.getData()[0] & 0xff,
                            1 << meta.getData()[1]));
                }
            }
        }
        found.sort(Comparator.comparingDouble(TimeSignature::atQuarter));
        // Format-1 files often repeat the signature in several tracks; one per position is enough.
        List<TimeSignature> distinct = new ArrayList<>();
        for (TimeSignature t : found) {
            if (!distinct.isEmpty() && Math.abs(distinct.get(distinct.size() - 1).atQuarter() - t.atQuarter()) < 1e-9) {
                distinct.set(distinct.size() - 1, t);
            } else {
                distinct.add(t);
            }
        }
        return List.copyOf(distinct);
    }

    /**
     * Where the bars start, from 0 up to {@code lengthQuarters}, following the changes in {@code meter} (the first
     * bars last {@code fallbackQuartersPerBar} until the first signature). A change in mid-bar starts a new bar there.
     */
    public static List<Double> barStarts(List<TimeSignature> meter, double fallbackQuartersPerBar, double lengthQuarters) {
        List<Double> starts = new ArrayList<>();
        double bar = fallbackQuartersPerBar;
        int next = 0;
        double position = 0;
        while (position <= lengthQuarters + 1e-9 && starts.size() < 1_000_000) {
            while (next < meter.size() && meter.get(next).atQuarter() <= position + 1e-9) {
                bar = meter.get(next).quartersPerBar();
                next++;
            }
            starts.add(position);
            double end = position + bar;
            if (next < meter.size() && meter.get(next).atQuarter() < end - 1e-9) end = meter.get(next).atQuarter();
            position = end;
        }
        return starts;
    }
}
