package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.midi.Piece;

/**
 * The tutorial's encoding, as its {@code get_notes} makes it with music21: tracks stay apart, chords only form within
 * one track from notes that start and end together, and only the first instrument's notes count (see
 * {@link TutorialParse} and docs/encodings.md). A lone note is its pitch name ({@code C4}, {@code F#5},
 * {@code B-2}); a chord is its pitch classes in normal order joined by dots ({@code 0.4.7}, and {@code 0} for C4
 * with C5). Durations, rests and chord octaves are lost.
 */
public final class ClassicEncoding extends PitchEventEncoding {
    public static final String NAME = "classic";

    @Override
    public String name() {
        return NAME;
    }

    /** Version 1 merged all tracks (now {@link MergedEncoding}); version 2 parses as the tutorial does. */
    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<String> encode(Piece piece) {
        List<TutorialParse.Element> elements = TutorialParse.elements(piece);
        List<String> tokens = new ArrayList<>(elements.size());
        for (TutorialParse.Element e : elements) {
            tokens.add(e.isChord() ? NormalOrder.dotted(e.pitches()) : PitchNames.name(e.pitches().get(0)));
        }
        return tokens;
    }
}
