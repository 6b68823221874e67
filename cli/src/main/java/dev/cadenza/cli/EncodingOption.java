package dev.cadenza.cli;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;
import picocli.CommandLine.Option;

/** The {@code --encoding} option shared by every command that turns MIDI into tokens. */
public final class EncodingOption {
    @Option(names = {"-e", "--encoding"}, paramLabel = "NAME", defaultValue = Encodings.DEFAULT,
            description = "How notes become tokens: 'timed' keeps octaves, durations, rests and piece boundaries "
                    + "(default); 'classic' is the tutorial's notes and chords as its music21 parse makes them (tracks kept "
                    + "apart, first instrument only); 'merged' spells them the same over merged tracks (docs/encodings.md).")
    String name;

    public Encoding encoding() {
        return Encodings.byName(name);
    }
}
