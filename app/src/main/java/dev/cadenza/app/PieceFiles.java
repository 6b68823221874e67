package dev.cadenza.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.view.PianoRoll;

/**
 * Writes a generated piece's files into one folder: always the MIDI file, and on request its audio (seconds per
 * piece: the slow part of {@code generate --wav}) and its piano roll. Remembers which sounds played the audio.
 */
final class PieceFiles {
    private final Path folder;
    private final boolean wav;
    private final boolean png;
    private final boolean musicxml;
    private final Optional<Path> soundfont;
    private final MidiWriter midi = new MidiWriter();
    private String sounds;
    private long renderNanos;

    PieceFiles(Path folder, boolean wav, boolean png, boolean musicxml, Optional<Path> soundfont) {
        this.folder = folder;
        this.wav = wav;
        this.png = png;
        this.musicxml = musicxml;
        this.soundfont = soundfont;
    }

    /** Whether there is more to do than MIDI files (worth a progress bar). */
    boolean renders() {
        return wav || png || musicxml;
    }

    /** Writes TITLE.mid (and .wav, .png, .musicxml) and returns the files written, MIDI first. */
    List<Path> write(Piece music, String title) throws IOException {
        List<Path> written = new ArrayList<>(3);
        Path file = folder.resolve(title + ".mid");
        midi.write(music, file);
        written.add(file);
        long t = System.nanoTime();
        if (wav) {
            WavRenderer.Rendered r = WavRenderer.render(music, folder.resolve(title + ".wav"), soundfont);
            sounds = r.sounds();
            written.add(r.wav());
        }
        if (png) {
            Path picture = folder.resolve(title + ".png");
            PianoRoll.write(music, picture);
            written.add(picture);
        }
        if (musicxml) {
            Path score = folder.resolve(title + ".musicxml");
            dev.cadenza.app.score.MusicXmlWriter.write(music, score, List.of());
            written.add(score);
        }
        renderNanos += System.nanoTime() - t;
        return written;
    }

    /** The SoundFont (or "JDK default sounds") that played the audio; null when no audio was made. */
    String sounds() {
        return sounds;
    }

    /** Time spent on audio and pictures. */
    double renderSeconds() {
        return renderNanos / 1e9;
    }
}
