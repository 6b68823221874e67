package dev.cadenza.runtime.midi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.midi.spi.MidiFileWriter;

import dev.cadenza.runtime.io.AtomicFiles;

/** Writes a {@link Piece} as a format-1 Standard MIDI File with one piano track, atomically. */
public final class MidiWriter {
    /** 480 ticks per quarter divides evenly by 12, so sixteenths and triplets land exactly on ticks. */
    public static final int RESOLUTION = 480;
    /** General MIDI program 0, the default instrument. */
    public static final int ACOUSTIC_GRAND_PIANO = 0;

    private final int program;

    /** A writer for the acoustic grand piano. */
    public MidiWriter() {
        this(ACOUSTIC_GRAND_PIANO);
    }

    /** @param program General MIDI program number, 0..127 (0 is the acoustic grand piano) */
    public MidiWriter(int program) {
        if (program < 0 || program > 127) throw new IllegalArgumentException("program must be 0..127: " + program);
        this.program = program;
    }

    /** The piece as a Java Sound sequence: tempo, program change, and one note on/off pair per note. */
    public Sequence toSequence(Piece piece) {
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, RESOLUTION);
            Track track = sequence.createTrack();
            int microsPerQuarter = (int) Math.round(60_000_000.0 / piece.tempoBpm());
            byte[] tempo = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
            track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
            byte[] name = piece.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            track.add(new MidiEvent(new MetaMessage(0x03, name, name.length), 0));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, program, 0), 0));
            // Offs sort before ons at the same tick so that a repeated pitch is released before it strikes again.
            List<long[]> events = new ArrayList<>(); // {tick, isOn, pitch, velocity}
            for (Note note : piece.notes()) {
                long on = Math.round(note.onset() * RESOLUTION);
                long off = Math.max(on + 1, Math.round(note.end() * RESOLUTION));
                events.add(new long[] {on, 1, note.pitch(), note.velocity()});
                events.add(new long[] {off, 0, note.pitch(), 0});
            }
            events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
            for (long[] e : events) {
                int command = e[1] == 1 ? ShortMessage.NOTE_ON : ShortMessage.NOTE_OFF;
                track.add(new MidiEvent(new ShortMessage(command, 0, (int) e[2], (int) e[3]), e[0]));
            }
            return sequence;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("could not build a MIDI sequence: " + e.getMessage(), e);
        }
    }

    /** Writes the piece to {@code target} through a temporary file and a rename: no half-written file, ever. */
    public void write(Piece piece, Path target) throws IOException {
        Sequence sequence = toSequence(piece);
        AtomicFiles.write(target, out -> FORMAT_1.get().write(sequence, 1, out));
    }

    /** The piece as the bytes of a format-1 Standard MIDI File: what {@link #write} puts in the file. */
    public byte[] toBytes(Piece piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            FORMAT_1.get().write(toSequence(piece), 1, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The JDK's Standard MIDI File writer, looked up once: {@code MidiSystem.write} looks the providers up again at
     * every call, scanning the whole class path for service files, about as long as building the sequence itself, and
     * a service writes a file for every piece it answers. What is kept is the provider, and each file gets a writer of
     * its own from it: the JDK's writer keeps the file it is writing in fields of the instance, so one instance shared by
     * a server's request threads mixed their files up (a piece's bytes came out cut short or in another's file).
     */
    private static final ServiceLoader.Provider<MidiFileWriter> FORMAT_1 = formatOneWriter();

    private static ServiceLoader.Provider<MidiFileWriter> formatOneWriter() {
        for (ServiceLoader.Provider<MidiFileWriter> p
                : ServiceLoader.load(MidiFileWriter.class, ClassLoader.getSystemClassLoader()).stream().toList()) {
            for (int type : p.get().getMidiFileTypes()) {
                if (type == 1) return p;
            }
        }
        throw new IllegalStateException("this Java runtime has no writer for format-1 MIDI files (java.desktop module missing?)");
    }
}
