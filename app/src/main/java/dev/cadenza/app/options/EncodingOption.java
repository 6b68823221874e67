package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;
import picocli.CommandLine.Option;

/**
 * The {@code --encoding} option shared by every command that turns MIDI into tokens, with the {@code timed}
 * encoding's options (velocity bins, sustain pedal) and the MIDI reader that goes with them.
 */
public final class EncodingOption {
    @Option(names = {"-e", "--encoding"}, paramLabel = "NAME", defaultValue = Encodings.DEFAULT,
            description = "How notes become tokens: 'timed' keeps octaves, durations, rests and piece boundaries "
                    + "(default); 'classic' is the tutorial's notes and chords as its music21 parse makes them (tracks kept "
                    + "apart, first instrument only); 'merged' spells them the same over merged tracks (docs/encodings.md).")
    String name;

    @Option(names = "--velocity-bins", paramLabel = "N", defaultValue = "0",
            description = "timed encoding: keep each note's loudness in N bins (v:K tokens, written when the bin changes); "
                    + "0 drops velocity (default: ${DEFAULT-VALUE}).")
    int velocityBins;

    @Option(names = "--key-token",
            description = "timed encoding: open the stream with the piece's estimated key (<start> k:Am ...).")
    boolean keyToken;

    @Option(names = "--no-pedal",
            description = "timed encoding: ignore the sustain pedal (CC64). By default a note released while the pedal is "
                    + "down lasts until the pedal comes up or its key is struck again, as it sounds.")
    boolean noPedal;

    /**
     * The chosen encoding with its options.
     *
     * @throws UserError when velocity bins are asked of an encoding without them, or are out of range
     */
    public Encoding encoding() {
        Encoding plain = Encodings.byName(name);
        if (plain instanceof TimedEncoding) {
            try {
                return new TimedEncoding(new TimedEncoding.Options(velocityBins, !noPedal, keyToken));
            } catch (IllegalArgumentException e) {
                throw new UserError("--velocity-bins: " + e.getMessage());
            }
        }
        if (keyToken) throw new UserError("--key-token works with the timed encoding only, not '" + plain.name() + "'");
        if (velocityBins != 0) {
            throw new UserError("--velocity-bins works with the timed encoding only, not '" + plain.name() + "'");
        }
        return plain;
    }

    /** Reads MIDI files as the encoding expects them: with the sustain pedal folded in unless --no-pedal. */
    public MidiReader reader() {
        return MidiReader.forEncoding(encoding());
    }

    public CorpusReader corpusReader() {
        return new CorpusReader(reader());
    }
}
