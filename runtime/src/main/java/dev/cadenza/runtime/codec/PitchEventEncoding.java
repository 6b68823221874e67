package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * What the tutorial-style encodings share: one token per event, a lone note as its name ({@code C4}, {@code F#5},
 * {@code B-2}), a chord as its pitch classes in normal order joined by dots ({@code 0.4.7}). Decoding places one
 * event every half quarter note, chord notes in octave 4, each a quarter note long, as the tutorial's generator does.
 * Subclasses differ only in which notes become one event.
 */
abstract class PitchEventEncoding implements Encoding {
    private static final double STEP_QUARTERS = 0.5;
    private static final int DECODE_VELOCITY = 90;

    @Override
    public int ticksPerQuarter() {
        return 0;
    }

    @Override
    public Piece decode(String name, List<String> tokens, double tempoBpm) {
        List<Note> notes = new ArrayList<>();
        double offset = 0;
        for (String token : tokens) {
            if (SpecialTokens.END.equals(token)) break;
            if (SpecialTokens.isSpecial(token)) continue;
            List<Integer> pitches = pitches(token);
            if (pitches == null) continue;
            for (int pitch : pitches) notes.add(new Note(offset, 1.0, pitch, DECODE_VELOCITY));
            offset += STEP_QUARTERS;
        }
        return new Piece(name, notes, tempoBpm);
    }

    /** Every event token is placed one fixed step after the previous one, as {@link #decode} does. */
    @Override
    public double quartersAdvanced(String token) {
        return token != null && !SpecialTokens.isSpecial(token) && pitches(token) != null ? STEP_QUARTERS : 0;
    }

    /** The pitches an event token sounds (chords in octave 4), or null if it is not an event token. */
    static List<Integer> pitches(String token) {
        if (token.isEmpty()) return null;
        if (Character.isDigit(token.charAt(0))) {
            List<Integer> pitches = new ArrayList<>();
            for (String part : token.split("\\.")) {
                try {
                    int pc = Integer.parseInt(part);
                    if (pc < 0 || pc > 11) return null;
                    pitches.add(60 + pc);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return pitches;
        }
        try {
            return List.of(PitchNames.parse(token));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public boolean isToken(String token) {
        if (token == null) return false;
        return SpecialTokens.isSpecial(token) || pitches(token) != null;
    }

    @Override
    public double distance(String a, String b) {
        if (a.equals(b)) return 0;
        List<Integer> pa = pitches(a);
        List<Integer> pb = pitches(b);
        if (pa == null || pb == null) return Double.POSITIVE_INFINITY;
        boolean chordA = Character.isDigit(a.charAt(0));
        boolean chordB = Character.isDigit(b.charAt(0));
        if (!chordA && !chordB) return Math.abs(pa.get(0) - pb.get(0));
        // Chords compare by pitch classes: each pitch class in one but not the other costs a step.
        Set<Integer> sa = pitchClasses(pa);
        Set<Integer> sb = pitchClasses(pb);
        Set<Integer> union = new HashSet<>(sa);
        union.addAll(sb);
        Set<Integer> both = new HashSet<>(sa);
        both.retainAll(sb);
        double kindPenalty = chordA == chordB ? 0 : 12;
        return kindPenalty + 3.0 * (union.size() - both.size());
    }

    private static Set<Integer> pitchClasses(List<Integer> pitches) {
        Set<Integer> pcs = new HashSet<>();
        for (int p : pitches) pcs.add(p % 12);
        return pcs;
    }
}
