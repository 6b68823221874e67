package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * The default encoding: what the tutorial left as future work. Every note keeps its octave and its duration, the
 * time between onsets (rests included) is kept, and each piece is framed by START and END.
 *
 * <p>Times are quantised to a grid of 12 steps per quarter note, which holds sixteenths (3 steps) and eighth-note
 * triplets (4 steps) alike. Tokens are separate, not compound, to keep the vocabulary small (about 100 tokens on
 * a piano corpus, where compound pitch-duration-shift tokens run into the thousands and leave most of them rare):
 * <ul>
 *   <li>{@code w:K} wait K grid steps before the next onset;</li>
 *   <li>{@code n:P} a note of MIDI pitch P starting now, followed by</li>
 *   <li>{@code d:K} its duration in grid steps.</li>
 * </ul>
 * K is one of 1..12, 24 or 48; a longer wait or duration is a run of such tokens that add up ({@code d:24 d:3} is
 * 27 steps), so every time survives the round trip exactly to the grid. Durations are capped at 16 quarter notes.
 * Notes starting together are written lowest pitch first with no wait between them, so a chord is a run of
 * {@code n}/{@code d} groups. A C major triad of quarter notes, a quarter rest, then a C5 eighth reads:
 * {@code n:60 d:12 n:64 d:12 n:67 d:12 w:24 n:72 d:6}.
 */
public final class TimedEncoding implements Encoding {
    public static final String NAME = "timed";
    public static final int GRID = 12;
    /** The step counts a single w or d token can carry; longer times are sums of these. */
    static final int[] PARTS = {48, 24, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    static final int MAX_DURATION = 16 * GRID;
    private static final int DECODE_VELOCITY = 80;
    private static final double DEFAULT_DURATION_QUARTERS = 1.0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public int ticksPerQuarter() {
        return GRID;
    }

    @Override
    public List<String> encode(Piece piece) {
        // Quantise, then keep one note per (onset, pitch): the longest.
        Map<Long, long[]> grid = new LinkedHashMap<>();
        for (Note note : piece.notes()) {
            long onset = Math.round(note.onset() * GRID);
            long duration = Math.min(MAX_DURATION, Math.max(1, Math.round(note.duration() * GRID)));
            long key = onset * 128 + note.pitch();
            long[] existing = grid.get(key);
            if (existing == null || existing[1] < duration) {
                grid.put(key, new long[] {onset, duration, note.pitch()});
            }
        }
        List<long[]> notes = new ArrayList<>(grid.values());
        notes.sort(Comparator.<long[]>comparingLong(n -> n[0]).thenComparingLong(n -> n[2]));
        List<String> tokens = new ArrayList<>(notes.size() * 2 + notes.size() / 2 + 2);
        tokens.add(SpecialTokens.START);
        long now = notes.isEmpty() ? 0 : notes.get(0)[0]; // leading silence is dropped
        for (long[] n : notes) {
            appendParts(tokens, "w:", n[0] - now);
            now = n[0];
            tokens.add(noteToken((int) n[2]));
            appendParts(tokens, "d:", n[1]);
        }
        tokens.add(SpecialTokens.END);
        return tokens;
    }

    private static void appendParts(List<String> tokens, String prefix, long steps) {
        for (int part : PARTS) {
            while (steps >= part) {
                tokens.add(prefix + part);
                steps -= part;
            }
        }
    }

    public static String noteToken(int pitch) {
        return "n:" + pitch;
    }

    public static String durationToken(int steps) {
        return "d:" + steps;
    }

    @Override
    public Piece decode(String name, List<String> tokens, double tempoBpm) {
        List<Note> notes = new ArrayList<>();
        long now = 0;
        int pendingPitch = -1;
        long pendingDuration = 0;
        for (String token : tokens) {
            if (SpecialTokens.END.equals(token)) break;
            char kind = kind(token);
            int value = value(token);
            if (kind == 0 || value <= 0) continue;
            if (kind == 'd') {
                if (pendingPitch >= 0) pendingDuration += value; // a stray duration with no note is skipped
                continue;
            }
            if (pendingPitch >= 0) notes.add(note(now, pendingPitch, pendingDuration));
            pendingPitch = -1;
            pendingDuration = 0;
            if (kind == 'w') now += value;
            else if (value <= 127) pendingPitch = value;
        }
        if (pendingPitch >= 0) notes.add(note(now, pendingPitch, pendingDuration));
        return new Piece(name, notes, tempoBpm);
    }

    /** A note whose duration never came (the stream ended or went on) lasts a quarter note. */
    private static Note note(long onset, int pitch, long duration) {
        double quarters = duration > 0 ? Math.min(duration, MAX_DURATION) / (double) GRID : DEFAULT_DURATION_QUARTERS;
        return new Note(onset / (double) GRID, quarters, pitch, DECODE_VELOCITY);
    }

    /** 'n', 'd' or 'w' for a timed token, 0 for anything else. */
    static char kind(String token) {
        if (token.length() < 3 || token.charAt(1) != ':') return 0;
        char c = token.charAt(0);
        return c == 'n' || c == 'd' || c == 'w' ? c : 0;
    }

    static int value(String token) {
        try {
            return Integer.parseInt(token, 2, token.length(), 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    @Override
    public boolean isToken(String token) {
        if (token == null) return false;
        if (SpecialTokens.isSpecial(token)) return true;
        char kind = kind(token);
        int value = value(token);
        if (kind == 0 || !token.equals(kind + ":" + value)) return false; // canonical digits only: no "n:+7", "n:007"
        return kind == 'n' ? value >= 0 && value <= 127 : value >= 1 && value <= MAX_DURATION;
    }

    @Override
    public double distance(String a, String b) {
        if (a.equals(b)) return 0;
        char ka = kind(a);
        char kb = kind(b);
        if (ka == 0 || ka != kb) return Double.POSITIVE_INFINITY;
        int va = value(a);
        int vb = value(b);
        if (va < 0 || vb < 0) return Double.POSITIVE_INFINITY;
        if (ka == 'n') return Math.abs(va - vb);
        // Times compare by ratio: 5 vs 6 steps is closer than 1 vs 2.
        return Math.abs(Math.log((double) Math.max(va, 1) / Math.max(vb, 1)));
    }

    /** A wait {@code w:K} moves time on by K grid steps; nothing else does (durations overlap what follows). */
    @Override
    public double quartersAdvanced(String token) {
        if (kind(token) != 'w') return 0;
        int steps = value(token);
        return steps > 0 ? steps / (double) GRID : 0;
    }
}
