package dev.cadenza.runtime.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;

/**
 * Renders MIDI to a WAV file offline, faster than real time, with the JDK's own software synthesizer (Gervill).
 *
 * <p>Gervill's offline entry point, {@code AudioSynthesizer.openStream}, lives in the JDK-internal package
 * {@code com.sun.media.sound}. It is called by reflection, which works when the JVM runs with
 * {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (the {@code ./cadenza} launcher and the tests
 * pass it). Without that flag the JDK's default sounds are still available through the public
 * {@code AudioSystem.getAudioInputStream} MIDI reader; only a chosen SoundFont needs the flag.
 */
public final class WavRenderer {
    /** Seconds of audio kept after the last note ends, so that its release is not cut off. */
    public static final double TAIL_SECONDS = 2.0;
    public static final AudioFormat FORMAT = new AudioFormat(44_100f, 16, 2, true, false);
    public static final String EXPORT_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

    private static final int TEMPO_META = 0x51;

    private static Path cachedPath;
    private static String cachedStamp;
    private static java.lang.ref.SoftReference<Soundbank> cachedBank;

    private WavRenderer() {
    }

    /**
     * What was rendered.
     *
     * @param seconds length of the audio written
     * @param sounds  which sounds played it: a SoundFont path, or "JDK default sounds"
     */
    public record Rendered(Path wav, double seconds, String sounds) {
    }

    /** Renders a MIDI file; {@code soundfont} empty means {@link #findSoundfont()}, else the JDK's sounds. */
    public static Rendered render(Path mid, Path wav, Optional<Path> soundfont) throws IOException, MidiFileException {
        Piece check = new MidiReader().read(mid); // clear one-line errors for bad files before the synth sees them
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(mid.toFile());
        } catch (InvalidMidiDataException e) {
            throw new MidiFileException(mid, "invalid MIDI data: " + e.getMessage());
        }
        return render(sequence, check.name(), wav, soundfont);
    }

    /** Renders a piece as the MIDI file {@link MidiWriter} would write for it. */
    public static Rendered render(Piece piece, Path wav, Optional<Path> soundfont) throws IOException {
        return render(new MidiWriter().toSequence(piece), piece.name(), wav, soundfont);
    }

    static Rendered render(Sequence sequence, String name, Path wav, Optional<Path> soundfont) throws IOException {
        if (soundfont.isPresent() && !Files.isRegularFile(soundfont.get())) {
            throw new IOException(soundfont.get() + ": no such SoundFont file");
        }
        return renderWith(sequence, wav, soundfont.isPresent() ? soundfont : findSoundfont(), soundfont.isPresent());
    }

    /**
     * Renders with exactly {@code font} (empty: the JDK's default sounds), without looking for installed ones.
     *
     * @param required whether the user asked for this font, so that it cannot be silently dropped
     */
    static Rendered renderWith(Sequence sequence, Path wav, Optional<Path> font, boolean required) throws IOException {
        double seconds = lastEventMicros(sequence) / 1e6 + TAIL_SECONDS;
        long frames = Math.round(seconds * FORMAT.getFrameRate());
        if (offlineSynthAvailable()) {
            Soundbank bank = font.isPresent() ? loadSoundbank(font.get()) : null;
            AudioSynthStream stream = AudioSynthStream.open(bank, Programs.of(sequence));
            try {
                push(sequence, stream.receiver());
                write(new AudioInputStream(stream.audio(), FORMAT, frames), wav);
            } finally {
                stream.close();
            }
            return new Rendered(wav, frames / (double) FORMAT.getFrameRate(),
                    font.map(Path::toString).orElse("JDK default sounds"));
        }
        if (required) {
            throw new IOException("rendering with a SoundFont needs the JVM flag " + EXPORT_FLAG
                    + " (the ./cadenza launcher passes it)");
        }
        renderWithPublicReader(sequence, wav, frames);
        return new Rendered(wav, frames / (double) FORMAT.getFrameRate(), "JDK default sounds");
    }

    /** The first known General MIDI SoundFont on this machine, if any. */
    /** The SoundFont used when none is given: {@link SoundfontLocator} (CADENZA_SOUNDFONT, then usual folders). */
    public static Optional<Path> findSoundfont() {
        return SoundfontLocator.system().find();
    }

    /**
     * Loads a SoundFont, reusing the last one loaded while its file is unchanged: a General MIDI bank is 100 MB or
     * more and takes seconds to read, and {@code generate --wav} renders many pieces with the same one. The cache is
     * a soft reference, so memory pressure can drop it.
     */
    static Soundbank loadSoundbank(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        String stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        synchronized (WavRenderer.class) {
            Soundbank cached = cachedBank == null ? null : cachedBank.get();
            if (cached != null && key.equals(cachedPath) && stamp.equals(cachedStamp)) return cached;
            Soundbank bank;
            try {
                bank = MidiSystem.getSoundbank(file.toFile());
            } catch (InvalidMidiDataException e) {
                throw new IOException(file + ": not a SoundFont (" + e.getMessage() + ")");
            }
            cachedPath = key;
            cachedStamp = stamp;
            cachedBank = new java.lang.ref.SoftReference<>(bank);
            return bank;
        }
    }

    /** Whether Gervill's offline stream can be opened (the internal package is exported to us). */
    public static boolean offlineSynthAvailable() {
        try {
            Class<?> type = Class.forName("com.sun.media.sound.AudioSynthesizer");
            return WavRenderer.class.getModule().canRead(type.getModule())
                    && type.getModule().isExported(type.getPackageName(), WavRenderer.class.getModule());
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The JDK's public MIDI-to-audio reader: default sounds only, and it adds four seconds of its own, cut here. */
    static void renderWithPublicReader(Sequence sequence, Path wav, long frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MidiSystem.write(sequence, sequence.getTracks().length == 1 ? 0 : 1, bytes);
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            long available = audio.getFrameLength();
            long keep = available == AudioSystem.NOT_SPECIFIED ? frames : Math.min(frames, available);
            write(new AudioInputStream(audio, audio.getFormat(), keep), wav);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("this JDK cannot render MIDI to audio: " + e.getMessage(), e);
        }
    }

    private static void write(AudioInputStream audio, Path wav) throws IOException {
        AtomicFiles.write(wav, out -> AudioSystem.write(audio, AudioFileFormat.Type.WAVE, out));
    }

    /** Sends every channel event to the synth, stamped with its time in microseconds; the synth plays them in order. */
    static void push(Sequence sequence, Receiver receiver) {
        TempoMap tempo = new TempoMap(sequence);
        for (MidiEvent event : sortedEvents(sequence)) {
            MidiMessage message = event.getMessage();
            if (message instanceof ShortMessage) receiver.send(message, tempo.micros(event.getTick()));
        }
    }

    static long lastEventMicros(Sequence sequence) {
        TempoMap tempo = new TempoMap(sequence);
        long last = 0;
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof ShortMessage) last = Math.max(last, track.get(i).getTick());
            }
        }
        return tempo.micros(last);
    }

    private static List<MidiEvent> sortedEvents(Sequence sequence) {
        List<MidiEvent> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) events.add(track.get(i));
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: keeps each track's order within a tick
        return events;
    }

    /** Tick to microseconds, following every tempo change (PPQ files) or the fixed SMPTE rate. */
    static final class TempoMap {
        private final long[] ticks;
        private final double[] micros;
        private final double[] microsPerTick;

        TempoMap(Sequence sequence) {
            List<long[]> changes = new ArrayList<>(); // {tick, microsPerQuarter}
            for (Track track : sequence.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    MidiEvent event = track.get(i);
                    if (event.getMessage() instanceof MetaMessage meta && meta.getType() == TEMPO_META
                            && meta.getData().length == 3) {
                        byte[] d = meta.getData();
                        long mpq = ((d[0] & 0xffL) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
                        if (mpq > 0) changes.add(new long[] {event.getTick(), mpq});
                    }
                }
            }
            changes.sort(Comparator.comparingLong(c -> c[0]));
            boolean ppq = sequence.getDivisionType() == Sequence.PPQ;
            double resolution = sequence.getResolution();
            double fixed = ppq ? 500_000 / resolution : 1e6 / (sequence.getDivisionType() * resolution);
            List<long[]> kept = new ArrayList<>();
            kept.add(new long[] {0, 500_000});
            if (ppq) {
                for (long[] c : changes) {
                    if (c[0] == kept.get(kept.size() - 1)[0]) kept.set(kept.size() - 1, c);
                    else kept.add(c);
                }
            }
            ticks = new long[kept.size()];
            micros = new double[kept.size()];
            microsPerTick = new double[kept.size()];
            for (int i = 0; i < kept.size(); i++) {
                ticks[i] = kept.get(i)[0];
                microsPerTick[i] = ppq ? kept.get(i)[1] / resolution : fixed;
                micros[i] = i == 0 ? 0 : micros[i - 1] + (ticks[i] - ticks[i - 1]) * microsPerTick[i - 1];
            }
        }

        long micros(long tick) {
            int i = ticks.length - 1;
            while (i > 0 && ticks[i] > tick) i--;
            return Math.round(micros[i] + (tick - ticks[i]) * microsPerTick[i]);
        }
    }

    /**
     * The General MIDI programs a sequence plays, so that only their instruments are loaded from a SoundFont: loading
     * a whole 128-instrument bank into the synthesizer takes seconds, a piano alone a fraction of one.
     *
     * @param all true when drums (channel 10) play: drum kits are matched by more than the program, so load everything
     */
    record Programs(Set<Integer> used, boolean all) {
        static Programs of(Sequence sequence) {
            Set<Integer> used = new java.util.TreeSet<>(List.of(0)); // every channel starts on program 0
            boolean drums = false;
            for (Track track : sequence.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    if (!(track.get(i).getMessage() instanceof ShortMessage sm)) continue;
                    if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) used.add(sm.getData1());
                    if (sm.getCommand() == ShortMessage.NOTE_ON && sm.getChannel() == 9) drums = true;
                }
            }
            return new Programs(used, drums);
        }
    }

    /** Gervill opened as an audio stream instead of a sound device, reached through its internal interface. */
    record AudioSynthStream(Synthesizer synth, AudioInputStream audio, Receiver receiver) {
        static AudioSynthStream open(Soundbank bank, Programs programs) throws IOException {
            try {
                Synthesizer synth = MidiSystem.getSynthesizer();
                Class<?> type = Class.forName("com.sun.media.sound.AudioSynthesizer");
                if (!type.isInstance(synth)) {
                    throw new IOException("the default synthesizer is not Gervill (" + synth.getClass().getName() + ")");
                }
                Method openStream = type.getMethod("openStream", AudioFormat.class, Map.class);
                // Skip the default bank when a SoundFont replaces it: loading it first costs seconds for nothing.
                Map<String, Object> info = Map.of("load default soundbank", bank == null);
                AudioInputStream audio = (AudioInputStream) openStream.invoke(synth, FORMAT, info);
                if (bank != null && !load(synth, bank, programs)) {
                    synth.close();
                    throw new IOException("the SoundFont has no usable instrument for program(s) " + programs.used());
                }
                return new AudioSynthStream(synth, audio, synth.getReceiver());
            } catch (InvocationTargetException e) {
                throw new IOException("cannot open the software synthesizer: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | MidiUnavailableException e) {
                throw new IOException("cannot open the software synthesizer: " + e, e);
            }
        }

        private static boolean load(Synthesizer synth, Soundbank bank, Programs programs) {
            if (programs.all()) return synth.loadAllInstruments(bank);
            boolean any = false;
            for (javax.sound.midi.Instrument instrument : bank.getInstruments()) {
                if (programs.used().contains(instrument.getPatch().getProgram())) any |= synth.loadInstrument(instrument);
            }
            return any;
        }

        void close() {
            synth.close();
        }
    }
}
