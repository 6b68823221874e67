package dev.cadenza.runtime.midi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/** Builds small MIDI files with javax.sound.midi, event by event, for tests that need exact edge cases. */
public final class TestMidi {
    private final Sequence sequence;
    private final List<Track> tracks = new ArrayList<>();

    private TestMidi(int resolution) {
        try {
            sequence = new Sequence(Sequence.PPQ, resolution);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestMidi ppq(int resolution) {
        return new TestMidi(resolution);
    }

    /** Selects (creating as needed) track {@code index}; later events go there. */
    public TestMidi track(int index) {
        while (tracks.size() <= index) tracks.add(sequence.createTrack());
        current = tracks.get(index);
        return this;
    }

    private Track current;

    private Track current() {
        if (current == null) track(0);
        return current;
    }

    public TestMidi on(long tick, int channel, int pitch, int velocity) {
        return shortMessage(tick, ShortMessage.NOTE_ON, channel, pitch, velocity);
    }

    public TestMidi off(long tick, int channel, int pitch) {
        return shortMessage(tick, ShortMessage.NOTE_OFF, channel, pitch, 0);
    }

    /** A note as an on/off pair on channel 0. */
    public TestMidi note(long tick, long length, int pitch, int velocity) {
        return on(tick, 0, pitch, velocity).off(tick + length, 0, pitch);
    }

    /** A time-signature meta event: {@code numerator}/{@code denominator} from {@code tick} on. */
    public TestMidi timeSignature(long tick, int numerator, int denominator) {
        int power = Integer.numberOfTrailingZeros(denominator);
        try {
            current().add(new MidiEvent(new MetaMessage(0x58, new byte[] {(byte) numerator, (byte) power, 24, 8}, 4), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public TestMidi tempo(long tick, double bpm) {
        int micros = (int) Math.round(60_000_000 / bpm);
        try {
            current().add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros}, 3), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public TestMidi shortMessage(long tick, int command, int channel, int data1, int data2) {
        try {
            current().add(new MidiEvent(new ShortMessage(command, channel, data1, data2), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Sequence sequence() {
        return sequence;
    }

    /** Writes the file as format {@code type} (0 needs a single track). */
    public Path write(Path file, int type) throws IOException {
        MidiSystem.write(sequence, type, file.toFile());
        return file;
    }

    public Path write(Path file) throws IOException {
        return write(file, sequence.getTracks().length == 1 ? 0 : 1);
    }
}
