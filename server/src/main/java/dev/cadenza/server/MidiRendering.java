package dev.cadenza.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import dev.cadenza.runtime.view.PianoRoll;

/**
 * {@code POST /v1/render} and {@code POST /v1/pianoroll}: a MIDI file in, its WAV audio or its piano roll out, made
 * by the same code as {@code cadenza render} and {@code cadenza pianoroll} (the file goes through a temporary
 * {@code .mid}, as the commands read theirs). So the playground page plays what the command line would render.
 *
 * <p>Rendering costs a core for about a second per minute of music, and a WAV is 10 MB a minute, so at most
 * {@link #SLOTS} renders run at once (the rest wait up to {@link #WAIT_SECONDS} s, then 429) and a piece may last
 * at most {@link #MAX_SECONDS} s.
 */
final class MidiRendering {
    static final int SLOTS = 2;
    static final int WAIT_SECONDS = 10;
    static final double MAX_SECONDS = 600;

    private final Semaphore slots = new Semaphore(SLOTS, true);

    /** The WAV file {@code cadenza render} writes for this MIDI file. */
    byte[] wav(byte[] midi) throws IOException, InterruptedException {
        return withFile(midi, DEFAULT_NAME, (mid, piece) -> {
            Path wav = mid.resolveSibling(DEFAULT_NAME + ".wav");
            try {
                WavRenderer.render(mid, wav, Optional.empty());
            } catch (MidiFileException e) {
                throw HttpProblem.badRequest("the body: " + e.problem());
            }
            return Files.readAllBytes(wav);
        });
    }

    /** Without a {@code ?name=}, the piece is called this (the roll's title, the files' names). */
    static final String DEFAULT_NAME = "piece";

    /**
     * The piece's name from the request's {@code ?name=} (the playground sends the generated piece's name, such as
     * {@code default-A-minor-7-01}), checked with the rule of {@code generate --name}; {@link #DEFAULT_NAME} without one.
     */
    static String name(String requested) {
        if (requested == null) return DEFAULT_NAME;
        String problem = requested.length() > 100 ? "is longer than 100 characters" : dev.cadenza.app.OutputName.problem(requested);
        if (problem != null) throw HttpProblem.badRequest("name '" + ModelField.abbreviate(requested) + "' " + problem);
        return requested;
    }

    /**
     * The PNG {@code cadenza pianoroll} draws for this MIDI file, with its default style, titled {@code NAME.mid} as
     * the command titles the file it reads.
     */
    byte[] pianoroll(byte[] midi, String name) throws IOException, InterruptedException {
        return withFile(midi, name, (mid, piece) -> {
            java.util.List<TimeSignature> meter;
            try {
                meter = TimeSignature.read(mid);
            } catch (MidiFileException e) {
                throw HttpProblem.badRequest("the body: " + e.problem());
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(PianoRoll.draw(piece, PianoRoll.Style.DEFAULT, meter), "png", png)) {
                throw new IOException("no PNG writer in this JDK");
            }
            return png.toByteArray();
        });
    }

    private interface Work {
        byte[] run(Path mid, Piece piece) throws IOException;
    }

    /** Checks the MIDI, takes a slot, writes it to a temporary folder removed afterwards, and runs the work on it. */
    private byte[] withFile(byte[] midi, String name, Work work) throws IOException, InterruptedException {
        if (midi.length == 0) throw HttpProblem.badRequest("the body is empty; send a MIDI file (Content-Type: audio/midi)");
        Piece piece;
        try {
            piece = new MidiReader().read(Path.of(name + ".mid"), midi);
        } catch (MidiFileException e) {
            throw HttpProblem.badRequest("the body: " + e.problem());
        }
        if (piece.lengthSeconds() > MAX_SECONDS) {
            throw new HttpProblem(413, "the piece lasts " + Math.round(piece.lengthSeconds()) + " s; this server renders at most "
                    + (int) MAX_SECONDS + " s");
        }
        if (!slots.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new HttpProblem(429, SLOTS + " renders are running; retry later", 1);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cadenza-render-");
            Path mid = dir.resolve(name + ".mid");
            Files.write(mid, midi);
            return work.run(mid, piece);
        } finally {
            slots.release();
            if (dir != null) removeAll(dir);
        }
    }

    private static void removeAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("cadenza serve: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
