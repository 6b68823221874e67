package dev.cadenza.runtime.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sound.midi.Soundbank;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TestMidi;

class WavRendererTest {
    @TempDir
    Path dir;

    /** Four quarter notes then a half note at 120 BPM: exactly 3 seconds of music. */
    private static Piece threeSeconds() {
        List<Note> notes = new ArrayList<>();
        int[] pitches = {60, 64, 67, 72};
        for (int i = 0; i < pitches.length; i++) notes.add(new Note(i, 1, pitches[i], 100));
        notes.add(new Note(4, 2, 48, 90));
        return new Piece("three-seconds", notes, 120);
    }

    private record Audio(double seconds, double rms, AudioFormat format) {
    }

    private static Audio read(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            byte[] bytes = in.readAllBytes();
            double sum = 0;
            int samples = bytes.length / 2;
            for (int i = 0; i + 1 < bytes.length; i += 2) {
                short s = (short) ((bytes[i] & 0xff) | (bytes[i + 1] << 8)); // 16-bit little-endian
                sum += (double) s * s;
            }
            double frames = bytes.length / (double) format.getFrameSize();
            return new Audio(frames / format.getFrameRate(), Math.sqrt(sum / samples) / 32768.0, format);
        }
    }

    @Test
    void offlineSynthIsReachableInTests() {
        assertTrue(WavRenderer.offlineSynthAvailable(), "surefire should pass " + WavRenderer.EXPORT_FLAG);
    }

    @Test
    void rendersAMidiFileWithTheExpectedLengthAndSound() throws Exception {
        Path mid = dir.resolve("piece.mid");
        new MidiWriter().write(threeSeconds(), mid);
        Path wav = dir.resolve("piece.wav");
        WavRenderer.Rendered r = WavRenderer.render(mid, wav, Optional.empty());
        Audio audio = read(wav);
        assertEquals(3 + WavRenderer.TAIL_SECONDS, audio.seconds(), 1.0);
        assertEquals(audio.seconds(), r.seconds(), 0.01);
        assertEquals(44_100f, audio.format().getSampleRate());
        assertEquals(2, audio.format().getChannels());
        assertTrue(audio.rms() > 0.005, "rms " + audio.rms());
    }

    @Test
    void silenceBeforeTheFirstNoteAndTempoChangesAreTimed() throws Exception {
        // One quarter at 60 BPM (1 s), a tempo change to 120, then 4 quarters (2 s): 3 s in all.
        Path mid = TestMidi.ppq(96).tempo(0, 60).note(0, 96, 60, 100).tempo(96, 120)
                .note(96, 96, 62, 100).note(192, 96, 64, 100).note(288, 96, 65, 100).note(384, 96, 67, 100)
                .write(dir.resolve("tempo.mid"));
        WavRenderer.render(mid, dir.resolve("tempo.wav"), Optional.empty());
        assertEquals(3 + WavRenderer.TAIL_SECONDS, read(dir.resolve("tempo.wav")).seconds(), 0.05);
    }

    @Test
    void thePublicReaderPathGivesTheSameLength() throws Exception {
        Path wav = dir.resolve("public.wav");
        long frames = Math.round((3 + WavRenderer.TAIL_SECONDS) * 44_100);
        WavRenderer.renderWithPublicReader(new MidiWriter().toSequence(threeSeconds()), wav, frames);
        Audio audio = read(wav);
        assertEquals(3 + WavRenderer.TAIL_SECONDS, audio.seconds(), 0.01);
        assertTrue(audio.rms() > 0.005, "rms " + audio.rms());
    }

    @Test
    void rendersWithAGivenSoundFont() throws Exception {
        Path sf2 = jdkMadeSoundFont(dir.resolve("emergency.sf2"));
        Path wav = dir.resolve("sf.wav");
        WavRenderer.Rendered r = WavRenderer.render(threeSeconds(), wav, Optional.of(sf2));
        assertEquals(sf2.toString(), r.sounds());
        Audio audio = read(wav);
        assertEquals(3 + WavRenderer.TAIL_SECONDS, audio.seconds(), 1.0);
        assertTrue(audio.rms() > 0.005, "rms " + audio.rms());
    }

    @Test
    void anotherInstrumentFromTheSoundFontIsLoadedAndHeard() throws Exception {
        Path sf2 = jdkMadeSoundFont(dir.resolve("violin.sf2"));
        javax.sound.midi.Sequence violin = new MidiWriter(40).toSequence(threeSeconds()); // GM 41: violin
        assertEquals(new WavRenderer.Programs(java.util.Set.of(0, 40), false), WavRenderer.Programs.of(violin));
        Path wav = dir.resolve("violin.wav");
        WavRenderer.renderWith(violin, wav, Optional.of(sf2), true);
        assertTrue(read(wav).rms() > 0.005, "rms " + read(wav).rms());
    }

    @Test
    void aSoundFontIsLoadedOnceWhileItsFileIsUnchanged() throws Exception {
        Path sf2 = jdkMadeSoundFont(dir.resolve("cached.sf2"));
        Soundbank first = WavRenderer.loadSoundbank(sf2);
        assertTrue(first == WavRenderer.loadSoundbank(sf2), "the same bank again");
        Files.setLastModifiedTime(sf2, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(sf2).toMillis() - 10_000));
        assertTrue(first != WavRenderer.loadSoundbank(sf2), "a changed file is read again");
    }

    @Test
    void rendersARealCorpusPiece() throws Exception {
        Path mid = Path.of("..", "midi_songs", "fur-elise.mid");
        Piece piece = new dev.cadenza.runtime.midi.MidiReader().read(mid);
        Path wav = dir.resolve("fur-elise.wav");
        // The JDK's own sounds: an installed 150 MB General MIDI SoundFont would make this test slow.
        WavRenderer.renderWith(javax.sound.midi.MidiSystem.getSequence(mid.toFile()), wav, Optional.empty(), false);
        Audio audio = read(wav);
        // Tempo changes make the real length differ from the first-tempo estimate; it is within a few percent here.
        assertTrue(audio.seconds() > WavRenderer.TAIL_SECONDS + 0.5 * piece.lengthSeconds(), "seconds " + audio.seconds());
        assertTrue(audio.rms() > 0.005, "rms " + audio.rms());
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        Path mid = dir.resolve("ok.mid");
        new MidiWriter().write(threeSeconds(), mid);
        IOException missing = assertThrows(IOException.class,
                () -> WavRenderer.render(mid, dir.resolve("x.wav"), Optional.of(dir.resolve("nope.sf2"))));
        assertTrue(missing.getMessage().contains("nope.sf2"), missing.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.sf2"), "not a soundfont");
        IOException notSf = assertThrows(IOException.class,
                () -> WavRenderer.render(mid, dir.resolve("x.wav"), Optional.of(junk)));
        assertTrue(notSf.getMessage().contains("junk.sf2"), notSf.getMessage());
        Path text = Files.writeString(dir.resolve("text.mid"), "hello");
        assertThrows(MidiFileException.class, () -> WavRenderer.render(text, dir.resolve("x.wav"), Optional.empty()));
        assertTrue(!Files.exists(dir.resolve("x.wav")));
    }

    /** The JDK builds a small General MIDI bank of its own ("emergency soundbank"); saved, it is a real SF2 file. */
    private static Path jdkMadeSoundFont(Path file) throws Exception {
        Class<?> emergency = Class.forName("com.sun.media.sound.EmergencySoundbank");
        Soundbank bank = (Soundbank) emergency.getMethod("createSoundbank").invoke(null);
        Method save = bank.getClass().getMethod("save", java.io.File.class);
        save.invoke(bank, file.toFile());
        return file;
    }
}
