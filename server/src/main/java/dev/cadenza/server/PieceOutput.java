package dev.cadenza.server;

import java.util.Arrays;
import java.util.Map;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;

/**
 * A finished piece as the client gets it: decoded, written as MIDI bytes (the same bytes {@code cadenza generate}
 * writes to its file), and described.
 *
 * @param index  the piece's number in its request (0-based)
 * @param name   PREFIX-SEED-NN
 * @param piece  the decoded music
 * @param midi   the Standard MIDI File
 * @param tokens tokens the model added
 * @param ended  whether the model ended it (else the length cut it)
 */
public record PieceOutput(int index, String name, Piece piece, byte[] midi, int tokens, boolean ended) {
    /** Decodes piece {@code index} of a finished job. */
    public static PieceOutput of(Job job, int index, Tokenizer tokenizer) {
        GenerationOrder order = job.order();
        int[] all = PieceOutput.allIds(order.primer(index).ids(), job.tokens(index), job.produced(index));
        String name = order.pieceName(index);
        return of(job, index, order.primer(index).place(tokenizer.decode(name, all, order.tempoBpm())));
    }

    /** Piece {@code index} of a finished job, decoded already (by its stream). */
    static PieceOutput of(Job job, int index, Piece piece) {
        return new PieceOutput(index, job.order().pieceName(index), piece, midiBytes(piece), job.produced(index),
                job.pieceEnded(index));
    }

    static int[] allIds(int[] primer, int[] continuation, int produced) {
        int[] all = Arrays.copyOf(primer, primer.length + produced);
        System.arraycopy(continuation, 0, all, primer.length, produced);
        return all;
    }

    static byte[] midiBytes(Piece piece) {
        return new MidiWriter().toBytes(piece);
    }

    /** The piece's fields in the JSON answer and the stream's {@code piece} event. */
    public Map<String, Object> describe(boolean withMidi) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("index", index);
        m.put("name", name);
        m.put("tokens", tokens);
        m.put("notes", piece.notes().size());
        m.put("seconds", Math.round(piece.lengthSeconds() * 10) / 10.0);
        m.put("ended", ended);
        if (withMidi) m.put("midi", java.util.Base64.getEncoder().encodeToString(midi));
        return m;
    }
}
