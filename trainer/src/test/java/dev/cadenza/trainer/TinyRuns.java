package dev.cadenza.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/** Helpers shared by the trainer tests: a two-piece real corpus and tiny settings. */
final class TinyRuns {
    static final Path SONGS = Path.of("..", "midi_songs");

    private TinyRuns() {
    }

    /**
     * Two tiny real pieces: the first 300 notes of Fur Elise and the 300 after them, as two MIDI files in
     * {@code dir}/corpus. Both halves share the theme, so what is learnt on one helps on the other.
     */
    static Path twoPieces(Path dir) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Piece whole = new MidiReader().read(SONGS.resolve("fur-elise.mid"));
        new MidiWriter().write(cut(whole, 0, 300), corpus.resolve("a.mid"));
        new MidiWriter().write(cut(whole, 300, 600), corpus.resolve("b.mid"));
        return corpus;
    }

    private static Piece cut(Piece piece, int from, int to) {
        List<Note> notes = piece.notes().subList(from, to);
        double start = notes.get(0).onset();
        List<Note> moved = new ArrayList<>();
        for (Note n : notes) moved.add(new Note(n.onset() - start, n.duration(), n.pitch(), n.velocity()));
        return new Piece(piece.name() + "-" + from, moved, piece.tempoBpm());
    }

    static TrainingSettings tiny(Path corpus, int epochs, double dropout) {
        return tiny(corpus, epochs, dropout, 0);
    }

    static TrainingSettings tiny(Path corpus, int epochs, double dropout, int transpose) {
        TrainingSettings t = Presets.byName("tiny");
        return new TrainingSettings(corpus.toString(), t.encoding(), "tiny", 8, 1, 16, 0, dropout, 16, 16, 16,
                "adam", 1e-2, 1.0, epochs, 0, 1L, transpose, 0.5, 1, TrainingSettings.Mode.MANY_TO_MANY, 0);
    }
}
