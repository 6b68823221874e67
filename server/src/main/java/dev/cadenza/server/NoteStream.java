package dev.cadenza.server;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * Turns one growing piece into notes as they become final, for streaming. It decodes the tokens so far with the
 * model's own encoding (any encoding works) and hands out the notes that start before the latest onset: tokens to
 * come can still lengthen or add notes at the latest onset, never before it. When the piece is finished, the rest
 * follows. Decoding runs on the request's own thread, never on the scheduler's.
 */
final class NoteStream {
    private final Tokenizer tokenizer;
    private final int[] primer;
    private final Primer start;
    private final double tempo;
    private final String name;
    private int emitted;
    private int decodedUpTo = -1;
    /** The whole piece, once decoded after it finished: its {@code piece} event reuses it instead of decoding again. */
    private Piece whole;

    NoteStream(Tokenizer tokenizer, Primer primer, double tempo, String name) {
        this.tokenizer = tokenizer;
        this.primer = primer.ids();
        this.start = primer;
        this.tempo = tempo;
        this.name = name;
    }

    /** The finished piece as the last call to {@link #next} decoded it (named as the answer names it), or null. */
    Piece finishedPiece() {
        return whole;
    }

    /**
     * Notes that became final since the last call. The primer's notes before its last onset are not sent: the client has them.
     *
     * @param finished the piece will not grow any more
     */
    List<Note> next(int[] continuation, int produced, boolean finished) {
        if (produced == decodedUpTo && !finished) return List.of();
        decodedUpTo = produced;
        Piece piece = decode(continuation, produced);
        if (finished) whole = piece;
        List<Note> notes = piece.notes();
        int primerNotes = primerNotes();
        int upTo = notes.size();
        if (!finished) {
            double last = notes.isEmpty() ? 0 : notes.get(notes.size() - 1).onset();
            while (upTo > 0 && notes.get(upTo - 1).onset() >= last) upTo--;
        }
        int from = Math.max(emitted, primerNotes);
        if (upTo <= from) return List.of();
        emitted = upTo;
        return new ArrayList<>(notes.subList(from, upTo));
    }

    private int primerNoteCount = -1;

    /** The primer's notes before its latest onset: final before generation starts, so not sent again. */
    private int primerNotes() {
        if (primerNoteCount < 0) {
            List<Note> notes = primer.length <= 1 ? List.of() : decode(new int[0], 0).notes();
            int n = notes.size();
            double last = n == 0 ? 0 : notes.get(n - 1).onset();
            while (n > 0 && notes.get(n - 1).onset() >= last) n--;
            primerNoteCount = n;
        }
        return primerNoteCount;
    }

    /** The same decoding as {@link PieceOutput#of}, so that a finished piece's decoding serves both. */
    private Piece decode(int[] continuation, int produced) {
        int[] all = PieceOutput.allIds(primer, continuation, produced);
        return start.place(tokenizer.decode(name, all, tempo));
    }
}
