package dev.cadenza.runtime.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.TimeSignature;

/**
 * The one place a {@link Decoding} becomes the pieces' primers and rows, for a model's tokenizer: {@link Generator}
 * and a server's scheduler both ask it, so a request means the same piece on every path. Row i is piece i: its
 * primer, its own random stream ({@link TokenSampler#pieceSeed}), its time limit on a bar line with {@code <end>}
 * kept out of its first {@link Decoding#earliestEndShare}, its no-repeat rule and its key-strength weights.
 */
public final class PieceRows {
    private final Tokenizer tokenizer;
    private final MusicClock clock;

    public PieceRows(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.clock = MusicClock.of(tokenizer);
    }

    /** How far a stream of this model's ids has got in music. */
    public MusicClock clock() {
        return clock;
    }

    /** Whether the model opens its pieces with a key token ({@code <start> k:KEY}). */
    public boolean keyed() {
        return tokenizer.encoding() instanceof TimedEncoding timed && timed.keyToken();
    }

    /**
     * The primers of {@code count} pieces: piece i starts from {@code choice}; from the start, a model with key tokens
     * opens it in {@link Decoding#key} or in a key drawn with the seed, then a model with style tokens in
     * {@link Decoding#style} ({@code <start> k:KEY s:STYLE}) when one is asked (else it draws the style itself).
     *
     * @throws SettingException          when the decoding asks for a key, a style or key steering the model or the
     *                                   primer cannot take, naming the setting
     * @throws MidiFileException         when a primer is not usable MIDI, naming it
     * @throws IOException               when a primer file or folder cannot be read
     */
    public List<Primer> primers(int count, Decoding decoding, PrimerChoice choice) throws IOException, MidiFileException {
        if (decoding.style() != null) {
            if (!(choice instanceof PrimerChoice.Start)) {
                throw new SettingException("style", "starts every piece from the beginning in that style; it cannot be "
                        + "combined with a primer");
            }
            try {
                Primers.styleId(tokenizer, decoding.style());
            } catch (IllegalArgumentException e) {
                throw SettingException.refused("style", e.getMessage());
            }
        }
        if (decoding.keyStrength() > 0 && !keyed()) {
            throw SettingException.refused("key-strength", "this model has no key tokens, so its pieces have no key to steer "
                    + "toward (train with --key-token or --key-normalise)");
        }
        if (decoding.key() != null) {
            if (!(choice instanceof PrimerChoice.Start)) {
                throw new SettingException("key", "starts every piece from the beginning in that key; it cannot be "
                        + "combined with a primer");
            }
            if (!keyed()) {
                throw SettingException.refused("key", "this model has no key tokens (it was trained without --key-token), so "
                        + "it cannot be asked for a key");
            }
        }
        if (choice instanceof PrimerChoice.MidiFile f) return Collections.nCopies(count, Primers.fromFile(f.file(), tokenizer));
        if (choice instanceof PrimerChoice.MidiBytes m) {
            return Collections.nCopies(count, Primers.fromMidi(Path.of(m.name()), m.midi(), tokenizer));
        }
        if (choice instanceof PrimerChoice.CorpusWindows c) {
            return Primers.fromCorpus(c.folder(), tokenizer, count, c.length(), decoding.seed());
        }
        return Primers.starts(tokenizer, count, decoding.seed(), decoding.key(), decoding.style());
    }

    /**
     * {@code decoding} with its bars (for {@code bars} and the bar line {@code seconds} end on) as long as the primer's
     * first time signature says, when the primer is a MIDI file that has one; else unchanged. What {@code generate}
     * and the service do for their users; a library caller's own bar length is left alone unless it asks for this.
     *
     * @throws MidiFileException when the primer is not readable MIDI, naming it
     */
    public static Decoding inMeterOf(Decoding decoding, PrimerChoice choice) throws MidiFileException {
        List<TimeSignature> meter;
        if (choice instanceof PrimerChoice.MidiFile f && Files.isRegularFile(f.file())) {
            meter = TimeSignature.read(f.file());
        } else if (choice instanceof PrimerChoice.MidiBytes m) {
            meter = TimeSignature.read(Path.of(m.name()), m.midi());
        } else {
            return decoding;
        }
        if (meter.isEmpty()) return decoding;
        return decoding.toBuilder().musicLength(decoding.musicLength().withQuartersPerBar(meter.get(0).quartersPerBar()))
                .build();
    }

    /** One row per primer, piece i from {@code primers.get(i)}, decoded as {@code decoding} at {@code tempoBpm}. */
    public List<RowRequest> rows(Decoding decoding, List<Primer> primers, double tempoBpm) {
        return rows(decoding, primers, tempoBpm, 0);
    }

    /** The rows of pieces {@code first} onward: piece {@code first + i} from {@code primers.get(i)}. */
    public List<RowRequest> rows(Decoding decoding, List<Primer> primers, double tempoBpm, int first) {
        List<RowRequest> rows = new ArrayList<>(primers.size());
        for (int k = 0; k < primers.size(); k++) {
            int i = first + k;
            int[] primer = primers.get(k).ids();
            rows.add(new RowRequest(i, primer, decoding.sampling(), TokenSampler.pieceSeed(decoding.seed(), i),
                    decoding.maxTokens(), null,
                    decoding.musicLength().limit(clock, clock.quarters(primer), tempoBpm, decoding.earliestEndShare()),
                    decoding.noRepeatNgram(), KeyBias.weights(tokenizer.vocabulary(), primer, decoding.keyStrength())));
        }
        return rows;
    }
}
