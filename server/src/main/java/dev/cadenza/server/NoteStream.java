package dev.cadenza.server;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.StreamDecoder;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * Turns one growing piece into notes as they become final, for streaming. It decodes the tokens with the model's own
 * encoding (any encoding works; one that can resume its decoding reads each token once, the others decode the piece
 * so far at each call) and hands out the notes that start before the latest onset: tokens to come can still lengthen
 * or add notes at the latest onset, never before it. When the piece is finished, it is decoded whole once and the rest
 * follows. Decoding runs on the request's own thread, never on the scheduler's.
 */
final class NoteStream {
    private final Tokenizer tokenizer;
    private final int[] primer;
    private final Primer start;
    private final double tempo;
    private final String name;
    /** Notes final so far (the primer's included), in onset order: the growing piece's first {@code emitted} notes. */
    private int emitted;
    private int decodedUpTo = -1;
    /** The growing piece's decoding, fed each token once; the continuation's first {@code fed} tokens are in it. */
    private final StreamDecoder growing;
    private int fed;
    /** The whole piece, once decoded after it finished: its {@code piece} event reuses it instead of decoding again. */
    private Piece whole;

    NoteStream(Tokenizer tokenizer, Primer primer, double tempo, String name) {
        this.tokenizer = tokenizer;
        this.primer = primer.ids();
        this.start = primer;
        this.tempo = tempo;
        this.name = name;
        this.growing = tokenizer.encoding().streamDecoder(tempo);
        for (int id : this.primer) growing.add(tokenizer.vocabulary().token(id));
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
        int primerNotes = primerNotes();
        if (finished) {
            // The whole piece once, as its answer decodes it: the rest of its notes, and the piece event's piece.
            whole = decode(continuation, produced);
            List<Note> notes = whole.notes();
            int from = Math.max(emitted, primerNotes);
            if (notes.size() <= from) return List.of();
            emitted = notes.size();
            return new ArrayList<>(notes.subList(from, notes.size()));
        }
        // Growing: only the tokens since the last call are decoded. Notes before the latest onset are final.
        for (; fed < produced; fed++) growing.add(tokenizer.vocabulary().token(continuation[fed]));
        List<Note> notes = growing.notes();
        double last = notes.isEmpty() ? 0 : notes.get(notes.size() - 1).onset();
        int upTo = emitted;
        while (upTo < notes.size() && notes.get(upTo).onset() < last) upTo++;
        int from = Math.max(emitted, primerNotes);
        emitted = upTo;
        if (upTo <= from) return List.of();
        // The new final notes are every note of their onsets, so placing them alone (transposed back to the piece's
        // key, sorted by onset and pitch) gives them in the finished piece's order.
        return new ArrayList<>(start.place(new Piece(name, notes.subList(from, upTo), tempo)).notes());
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
