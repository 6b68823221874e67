package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * The tutorial's token spelling over merged tracks: every note of every track that starts at the same moment (on a
 * grid of 1/12 quarter) joins one event, so a right-hand note and a left-hand note sounding together make one chord.
 * This gives fewer, fuller chords than {@link ClassicEncoding}, which keeps the tutorial's tracks apart. It was
 * Cadenza's {@code classic} encoding up to version 1.
 */
public final class MergedEncoding extends PitchEventEncoding {
    public static final String NAME = "merged";
    /** Onsets closer than this grid (1/12 quarter) count as one event. */
    private static final int GRID = 12;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<String> encode(Piece piece) {
        TreeMap<Long, List<Integer>> byOnset = new TreeMap<>();
        for (Note note : piece.notes()) {
            byOnset.computeIfAbsent(Math.round(note.onset() * GRID), k -> new ArrayList<>()).add(note.pitch());
        }
        List<String> tokens = new ArrayList<>(byOnset.size());
        for (List<Integer> pitches : byOnset.values()) {
            Set<Integer> distinct = new HashSet<>(pitches);
            tokens.add(distinct.size() == 1 ? PitchNames.name(pitches.get(0)) : NormalOrder.dotted(distinct));
        }
        return tokens;
    }
}
