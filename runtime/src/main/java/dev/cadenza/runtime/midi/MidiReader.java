package dev.cadenza.runtime.midi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import dev.cadenza.runtime.io.FileKind;
import dev.cadenza.runtime.io.Printable;

/**
 * Reads a Standard MIDI File (format 0 or 1, any resolution) into one merged piano part.
 *
 * <p>Every pitched track and channel is merged; channel 10 (General MIDI drums) is left out because its "pitches"
 * name drum sounds, not notes. A note-on with velocity 0 counts as a note-off. Overlapping notes of the same pitch
 * on one channel are paired first-in, first-out. A note never released ends at the end of its track.
 *
 * <p>{@link #withSustainPedal()} reads the sustain pedal (controller 64) as a pianist hears it: a note released
 * while its channel's pedal is down sounds on until the pedal comes up or the same key is struck again. The plain
 * reader ignores the pedal, as models trained before the pedal was read expect ({@link #forEncoding}).
 */
public final class MidiReader {
    private static final int SUSTAIN_PEDAL = 64;
    /** Controller values from 64 up mean the pedal is down (the MIDI specification's on/off switch). */
    private static final int PEDAL_DOWN = 64;

    private final boolean sustainPedal;

    /** A reader that ignores the sustain pedal (note lengths are the keys' lengths). */
    public MidiReader() {
        this(false);
    }

    private MidiReader(boolean sustainPedal) {
        this.sustainPedal = sustainPedal;
    }

    /** A reader that folds the sustain pedal (CC64) into note durations. */
    public static MidiReader withSustainPedal() {
        return new MidiReader(true);
    }

    /** The reader an encoding's pieces are read with: with the pedal when the encoding (or model) says so. */
    public static MidiReader forEncoding(dev.cadenza.runtime.codec.Encoding encoding) {
        return new MidiReader(encoding.sustainPedal());
    }

    /** Whether this reader folds the sustain pedal into durations. */
    public boolean sustainPedal() {
        return sustainPedal;
    }

    /** Channel 10 in the 1-based numbering musicians use. */
    private static final int DRUM_CHANNEL = 9;
    private static final int TEMPO_META = 0x51;
    /** No real piece is this long; a larger tick value means a corrupt file (about 28 hours at 120 BPM). */
    private static final double MAX_QUARTERS = 200_000;
    /**
     * Larger files are refused before reading: javax.sound.midi keeps an object per event (about 30 times the bytes),
     * so memory stays bounded whatever a file claims. Real piano pieces are well under 1 MB.
     */
    public static final long MAX_FILE_BYTES = 32L << 20;

    /**
     * The notes of a Standard MIDI File (drums left out), with the file's first tempo.
     *
     * @throws MidiFileException naming the file and the problem when it cannot be read or is not MIDI
     */
    public Piece read(Path file) throws MidiFileException {
        return read(file, readBytes(file));
    }

    /**
     * The bytes of a MIDI file, refusing anything that is not a plain file first: reading a FIFO would wait forever
     * for a writer, and a folder or device is no MIDI file.
     */
    static byte[] readBytes(Path file) throws MidiFileException {
        String notPlain = FileKind.notPlainFile(file);
        if (notPlain != null) throw new MidiFileException(file, notPlain);
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) throw tooLarge(file, size);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MidiFileException(file, "no such file");
        } catch (IOException e) {
            throw new MidiFileException(file, "cannot read: " + FileKind.reason(e));
        }
    }

    /** The refusal of a file of {@code size} bytes, above {@link #MAX_FILE_BYTES}, for readers that get bytes elsewhere. */
    public static MidiFileException tooLarge(Path file, long size) {
        return new MidiFileException(file, "too large for a MIDI file (" + (size >> 20) + " MB; the limit is "
                + (MAX_FILE_BYTES >> 20) + " MB)");
    }

    /** The first check of every reader: a Standard MIDI File starts with its MThd header. */
    static void checkHeader(Path file, byte[] bytes) throws MidiFileException {
        if (bytes.length < 14 || bytes[0] != 'M' || bytes[1] != 'T' || bytes[2] != 'h' || bytes[3] != 'd') {
            throw new MidiFileException(file, "not a MIDI file (no MThd header)");
        }
    }

    /** Parses bytes that came from {@code file} (named in messages). Any problem inside the file is a MidiFileException. */
    public Piece read(Path file, byte[] bytes) throws MidiFileException {
        try {
            return parse(file, bytes);
        } catch (RuntimeException e) {
            // A guard of last resort: whatever javax.sound.midi or our checks did not foresee stays one file's problem.
            throw new MidiFileException(file, "malformed MIDI data: " + oneLine(e));
        }
    }

    private Piece parse(Path file, byte[] bytes) throws MidiFileException {
        checkHeader(file, bytes);
        checkChunks(file, bytes);
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException e) {
            throw new MidiFileException(file, "invalid MIDI data: " + oneLine(e));
        } catch (IOException e) {
            throw new MidiFileException(file, "truncated or unreadable MIDI data: " + oneLine(e));
        } catch (RuntimeException e) {
            // javax.sound.midi throws unchecked exceptions on some malformed meta and sysex events.
            throw new MidiFileException(file, "malformed MIDI event: " + oneLine(e));
        }
        return toPiece(file, sequence);
    }

    /**
     * Walks the chunk headers: javax.sound.midi quietly accepts a track chunk cut short and returns what it could
     * read, so a truncated download would otherwise pass as a shorter piece.
     */
    private static void checkChunks(Path file, byte[] bytes) throws MidiFileException {
        long headerLength = u32(bytes, 4);
        if (headerLength < 6) throw new MidiFileException(file, "header chunk too short (" + headerLength + " bytes, needs 6)");
        int declaredTracks = ((bytes[10] & 0xff) << 8) | (bytes[11] & 0xff);
        int offset = 0;
        int chunk = 0;
        int tracks = 0;
        while (offset < bytes.length) {
            if (bytes.length - offset < 8) {
                throw new MidiFileException(file, "truncated: " + (bytes.length - offset) + " stray byte(s) after chunk " + chunk);
            }
            long length = u32(bytes, offset + 4);
            long end = offset + 8L + length;
            if (end > bytes.length) {
                throw new MidiFileException(file, "truncated: chunk " + chunk + " (" + Printable.chunkId(bytes, offset)
                        + ") declares " + length + " bytes but only " + (bytes.length - offset - 8) + " remain");
            }
            if (bytes[offset] == 'M' && bytes[offset + 1] == 'T' && bytes[offset + 2] == 'r' && bytes[offset + 3] == 'k') tracks++;
            offset = (int) end;
            chunk++;
        }
        if (declaredTracks > tracks) {
            // javax.sound.midi would read the missing tracks as empty ones and the file would pass as "no notes".
            throw new MidiFileException(file, "header declares " + declaredTracks + " track(s) but the file holds "
                    + tracks + " (truncated or corrupt header)");
        }
    }

    private static long u32(byte[] bytes, int at) {
        return ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }

    private Piece toPiece(Path file, Sequence sequence) throws MidiFileException {
        double ticksPerQuarter = ticksPerQuarter(file, sequence);
        List<long[]> keyed = new ArrayList<>(); // {start tick, end tick, pitch, velocity, channel}
        List<long[]> pedal = new ArrayList<>(); // {tick, channel, 1 down / 0 up, order}
        long fileEnd = 0;
        int zeroLength = 0;
        int unreleased = 0;
        int drumNotes = 0;
        double firstTempo = Double.NaN;
        long firstTempoTick = Long.MAX_VALUE;
        for (Track track : sequence.getTracks()) {
            Map<Integer, Deque<long[]>> open = new HashMap<>(); // key: channel * 128 + pitch; value: {tick, velocity}
            long lastTick = 0;
            for (int i = 0; i < track.size(); i++) {
                MidiEvent event = track.get(i);
                long tick = event.getTick();
                if (tick < 0 || tick / ticksPerQuarter > MAX_QUARTERS) {
                    throw new MidiFileException(file, "absurd tick value " + tick + " (over "
                            + (long) MAX_QUARTERS + " quarter notes)");
                }
                lastTick = Math.max(lastTick, tick);
                MidiMessage message = event.getMessage();
                if (message instanceof MetaMessage meta && meta.getType() == TEMPO_META) {
                    byte[] data = meta.getData();
                    if (data.length == 3 && tick < firstTempoTick) {
                        int microsPerQuarter = ((data[0] & 0xff) << 16) | ((data[1] & 0xff) << 8) | (data[2] & 0xff);
                        if (microsPerQuarter > 0) {
                            firstTempoTick = tick;
                            firstTempo = 60_000_000.0 / microsPerQuarter;
                        }
                    }
                    continue;
                }
                if (!(message instanceof ShortMessage sm)) continue;
                int command = sm.getCommand();
                if (command == ShortMessage.CONTROL_CHANGE && sm.getData1() == SUSTAIN_PEDAL) {
                    pedal.add(new long[] {tick, sm.getChannel(), sm.getData2() >= PEDAL_DOWN ? 1 : 0, pedal.size()});
                    continue;
                }
                if (command != ShortMessage.NOTE_ON && command != ShortMessage.NOTE_OFF) continue;
                int channel = sm.getChannel();
                int pitch = sm.getData1();
                int velocity = sm.getData2();
                if (pitch > 127 || velocity > 127) {
                    // MIDI data bytes are 7-bit; javax.sound.midi passes a stray high byte through unchecked.
                    throw new MidiFileException(file, "note event with a data byte above 127 (pitch " + pitch
                            + ", velocity " + velocity + ") at tick " + tick);
                }
                if (channel == DRUM_CHANNEL) {
                    if (command == ShortMessage.NOTE_ON && velocity > 0) drumNotes++;
                    continue;
                }
                int key = channel * 128 + pitch;
                if (command == ShortMessage.NOTE_ON && velocity > 0) {
                    open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new long[] {tick, velocity});
                } else {
                    Deque<long[]> queue = open.get(key);
                    if (queue == null || queue.isEmpty()) continue; // a stray note-off: nothing to end
                    long[] start = queue.removeFirst();
                    if (tick == start[0]) {
                        zeroLength++;
                    } else {
                        keyed.add(new long[] {start[0], tick, pitch, start[1], channel});
                    }
                }
            }
            for (Map.Entry<Integer, Deque<long[]>> entry : open.entrySet()) {
                for (long[] start : entry.getValue()) {
                    if (lastTick > start[0]) {
                        keyed.add(new long[] {start[0], lastTick, entry.getKey() % 128, start[1], entry.getKey() / 128});
                        unreleased++;
                    } else {
                        zeroLength++;
                    }
                }
            }
            fileEnd = Math.max(fileEnd, lastTick);
        }
        if (sustainPedal && !pedal.isEmpty()) SustainPedal.fold(keyed, pedal, fileEnd);
        List<Note> notes = new ArrayList<>(keyed.size());
        for (long[] n : keyed) notes.add(note(n, ticksPerQuarter));
        if (notes.isEmpty()) {
            if (drumNotes > 0) throw new MidiFileException(file, "drums only (channel 10): no pitched notes");
            if (zeroLength > 0) throw new MidiFileException(file, "no usable notes: all " + zeroLength + " have zero length");
            throw new MidiFileException(file, "no notes");
        }
        List<String> warnings = new ArrayList<>();
        if (zeroLength > 0) warnings.add(Printable.of(file) + ": dropped " + zeroLength + " zero-length note(s)");
        if (unreleased > 0) warnings.add(Printable.of(file) + ": " + unreleased + " note(s) never released, ended at the end of their track");
        double tempo = Double.isNaN(firstTempo) ? Piece.DEFAULT_TEMPO : firstTempo;
        return new Piece(file.getFileName().toString(), notes, tempo, warnings, MidiTracks.of(sequence, ticksPerQuarter));
    }

    private static Note note(long[] n, double ticksPerQuarter) {
        return new Note(n[0] / ticksPerQuarter, (n[1] - n[0]) / ticksPerQuarter, (int) n[2], (int) n[3]);
    }

    private static double ticksPerQuarter(Path file, Sequence sequence) throws MidiFileException {
        float division = sequence.getDivisionType();
        int resolution = sequence.getResolution();
        if (resolution <= 0) throw new MidiFileException(file, "invalid time division (resolution " + resolution + ")");
        if (division == Sequence.PPQ) return resolution;
        // SMPTE time: ticks count real time. Map them to quarter notes at 120 BPM (two quarters per second).
        return division * resolution / 2.0;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) message = e.getClass().getSimpleName();
        return message.replaceAll("\\s+", " ").trim();
    }
}
