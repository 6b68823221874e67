package dev.cadenza.server;

import java.time.Duration;
import java.util.List;

import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.Primer;

/**
 * A generation request after validation: every value in range, the primer already turned into the model's ids. The
 * scheduler turns it into rows with the generation layer's {@code PieceRows}, as {@code cadenza generate} does.
 *
 * @param count    pieces
 * @param decoding how each piece is decoded (sampling, search, rules, length, seed): the CLI's contract
 * @param tempoBpm tempo of the MIDI written
 * @param primers  what each piece starts from, one per piece (a key-token model starts each in its own key, as the CLI)
 * @param prefix   pieces are named PREFIX-SEED-NN
 * @param stream   NDJSON events instead of one JSON answer
 * @param midi     answer with the MIDI bytes of the one piece ({@code Accept: audio/midi})
 * @param deadline how long the request may take in all
 */
public record GenerationOrder(int count, Decoding decoding, double tempoBpm, List<Primer> primers, String prefix,
                              boolean stream, boolean midi, Duration deadline) {
    public GenerationOrder {
        if (primers == null || primers.size() != count) throw new IllegalArgumentException("one primer per piece");
        primers = List.copyOf(primers);
    }

    /** Most tokens added to each piece. */
    public int length() {
        return decoding.maxTokens();
    }

    /** The run's seed: piece i draws from the random stream {@code TokenSampler.pieceSeed(seed, i)}, as in the CLI. */
    public long seed() {
        return decoding.seed();
    }

    /** What piece {@code index} starts from. */
    public Primer primer(int index) {
        return primers.get(index);
    }

    /** The primers for reports: one description, or each piece's when they differ ("start in C, start in Eb"). */
    public String describePrimers() {
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (Primer p : primers) seen.add(p.source());
        return String.join(", ", seen);
    }

    /** The name of piece {@code index}, the same as the CLI's file name without {@code .mid}. */
    public String pieceName(int index) {
        // As "%s-%d-%02d" (the CLI's file names), without a Formatter: it showed in the HTTP threads' profile.
        int n = index + 1;
        return prefix + "-" + seed() + (n < 10 ? "-0" : "-") + n;
    }

    public long tokens() {
        return (long) count * length();
    }
}
