package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.music.KeyEstimator;
import dev.cadenza.runtime.music.KeyNormalisation;

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
 *
 * <p>Version 2 adds {@link Options}: velocity in a few bins ({@code v:K} before a note whose bin differs from the
 * previous note's), whether MIDI files are read with the sustain pedal folded into durations, a key token
 * ({@code k:Am}) after START, and a style token ({@code s:chopin}, the composer a corpus manifest gives) after that. With every option off it is version 1 exactly, which is what models trained before version 2 carry (docs/encodings.md).
 */
public final class TimedEncoding implements Encoding {
    public static final String NAME = "timed";
    /** The most velocity bins a model may use (one bin per MIDI velocity). */
    public static final int MAX_VELOCITY_BINS = 127;
    public static final int GRID = 12;
    /** The step counts a single w or d token can carry; longer times are sums of these. */
    static final int[] PARTS = {48, 24, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    static final int MAX_DURATION = 16 * GRID;
    /** The velocity of every note of a version 1 stream, and of notes before the first velocity token. */
    static final int DECODE_VELOCITY = 80;
    private static final double DEFAULT_DURATION_QUARTERS = 1.0;

    /**
     * What a {@code timed} stream keeps beyond pitches and times.
     *
     * @param velocityBins how many velocity bins {@code v:1..v:B} split 1..127 into (0: velocity is dropped and every
     *                     note decodes at 80, as in version 1)
     * @param sustainPedal whether MIDI files are read with the sustain pedal (CC64) folded into note durations; a
     *                     reading matter, kept here so that a model's primers are read the way its corpus was
     * @param keyToken     whether a key token ({@code k:Am}, the piece's estimated key) follows START
     * @param keyNormalised whether every piece is moved to C major or A minor (its estimated key's mode) before it
     *                     becomes tokens, so the key token says only the mode ({@code k:C} or {@code k:Am}); needs
     *                     {@code keyToken}. Generation moves the output to the asked key ({@link KeyNormalisation})
     * @param styleToken   whether a style token ({@code s:chopin}, the piece's composer from the corpus manifest)
     *                     follows START and the key token; pieces without a style get none
     */
    public record Options(int velocityBins, boolean sustainPedal, boolean keyToken, boolean keyNormalised,
                          boolean styleToken) {
        /** Version 1: no velocity, the pedal ignored, no key. What a model without options was trained with. */
        public static final Options VERSION_1 = new Options(0, false, false);

        public Options {
            if (velocityBins < 0 || velocityBins > MAX_VELOCITY_BINS) {
                throw new IllegalArgumentException("velocity bins must be 0 (off) to " + MAX_VELOCITY_BINS + ", got " + velocityBins);
            }
            if (keyNormalised && !keyToken) {
                throw new IllegalArgumentException("key normalisation needs the key token (it keeps the mode: k:C or k:Am)");
            }
        }

        /** Options without a style token. */
        public Options(int velocityBins, boolean sustainPedal, boolean keyToken, boolean keyNormalised) {
            this(velocityBins, sustainPedal, keyToken, keyNormalised, false);
        }

        /** The same options with or without a style token. */
        public Options withStyleToken(boolean on) {
            return new Options(velocityBins, sustainPedal, keyToken, keyNormalised, on);
        }

        /** Options without key normalisation. */
        public Options(int velocityBins, boolean sustainPedal, boolean keyToken) {
            this(velocityBins, sustainPedal, keyToken, false);
        }

        /** Options without a key token. */
        public Options(int velocityBins, boolean sustainPedal) {
            this(velocityBins, sustainPedal, false);
        }
    }

    private static final KeyEstimator KEY_ESTIMATOR = new KeyEstimator();
    private final Options options;
    private final VelocityBins bins;

    /** Version 1: no velocity, pedal ignored (what {@code Encodings.byName("timed")} gives). */
    public TimedEncoding() {
        this(Options.VERSION_1);
    }

    public TimedEncoding(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.bins = options.velocityBins() > 0 ? new VelocityBins(options.velocityBins()) : null;
    }

    /** The options this encoding was made with. */
    public Options timedOptions() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 1 with every option off (byte for byte the tokens of models trained before options existed), else 2. */
    @Override
    public int version() {
        return options.equals(Options.VERSION_1) ? 1 : 2;
    }

    @Override
    public boolean sustainPedal() {
        return options.sustainPedal();
    }

    /** Whether streams open with a key token after START. */
    public boolean keyToken() {
        return options.keyToken();
    }

    /** Whether pieces are moved to C major or A minor before they become tokens (see {@link KeyNormalisation}). */
    public boolean keyNormalised() {
        return options.keyNormalised();
    }

    /** Whether streams carry a style token after START and the key token. */
    public boolean styleToken() {
        return options.styleToken();
    }

    /** The token of a style ({@code s:chopin}); {@code style} is a {@link #isStyleName style name}. */
    public static String styleToken(String style) {
        if (!isStyleName(style)) throw new IllegalArgumentException("not a style name: '" + style + "'");
        return STYLE_PREFIX + style;
    }

    /** The style a token names ({@code s:chopin} is "chopin"), or null when it is not a style token. */
    public static String styleOf(String token) {
        return token != null && token.startsWith(STYLE_PREFIX) && isStyleName(token.substring(STYLE_PREFIX.length()))
                ? token.substring(STYLE_PREFIX.length()) : null;
    }

    /** Lower-case ASCII letters and digits, single {@code -} between them, at most 40 characters. */
    public static boolean isStyleName(String name) {
        return name != null && name.length() <= 40 && name.matches("[a-z0-9]+(-[a-z0-9]+)*");
    }

    /** Style tokens start with this. */
    public static final String STYLE_PREFIX = "s:";

    /**
     * A piece's tokens with its style: {@link #encode} with {@code s:STYLE} after START and the key token. Without the
     * style option, or with a null style, the plain encoding.
     */
    public List<String> encode(Piece piece, String style) {
        return withStyle(encode(piece), style);
    }

    /**
     * A piece's tokens of this encoding without the style option ({@code spark prepare} stores them so, with the
     * style beside them) with {@code s:STYLE} placed where {@link #encode(Piece, String)} places it; unchanged
     * without the style option or with a null style.
     */
    public List<String> withStyle(List<String> tokens, String style) {
        if (!options.styleToken() || style == null) return tokens;
        List<String> out = new java.util.ArrayList<>(tokens);
        out.add(options.keyToken() ? 2 : 1, styleToken(style));
        return out;
    }

    /** The estimated key of a piece, as the key token and key normalisation see it. */
    public static Key estimateKey(Piece piece) {
        return KEY_ESTIMATOR.estimate(piece.notes());
    }

    /**
     * The semitones {@link #encode} moves a piece by: to C major or A minor when keys are normalised, else 0. Adding
     * the opposite to the decoded tokens' music puts a continuation back in the piece's own key.
     */
    public int normalisingShift(Piece piece) {
        return options.keyNormalised() ? KeyNormalisation.shift(estimateKey(piece)) : 0;
    }

    @Override
    public Map<String, String> options() {
        if (version() == 1) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        out.put(OPTION_VELOCITY_BINS, Integer.toString(options.velocityBins()));
        out.put(OPTION_SUSTAIN_PEDAL, Boolean.toString(options.sustainPedal()));
        if (options.keyToken()) out.put(OPTION_KEY_TOKEN, "true"); // absent when off: vocabularies from before keys read alike
        if (options.keyNormalised()) out.put(OPTION_KEY_NORMALISED, "true"); // likewise
        if (options.styleToken()) out.put(OPTION_STYLE_TOKEN, "true"); // likewise
        return out;
    }

    /** Option names as a vocabulary file and a model's metadata spell them. */
    public static final String OPTION_VELOCITY_BINS = "velocityBins";
    public static final String OPTION_SUSTAIN_PEDAL = "sustainPedal";
    public static final String OPTION_KEY_TOKEN = "keyToken";
    public static final String OPTION_KEY_NORMALISED = "keyNormalised";
    public static final String OPTION_STYLE_TOKEN = "styleToken";

    /**
     * The encoding a saved vocabulary describes: version 1 with no options, version 2 with its options.
     *
     * @throws IllegalArgumentException for an unknown version, an unknown option or a bad value
     */
    public static TimedEncoding of(int version, Map<String, String> saved) {
        if (version == 1) {
            if (!saved.isEmpty()) throw new IllegalArgumentException("timed encoding version 1 takes no options, got " + saved.keySet());
            return new TimedEncoding();
        }
        if (version != 2) {
            throw new IllegalArgumentException("timed encoding version " + version + " is unknown to this runtime (it reads 1 and 2)");
        }
        for (String key : saved.keySet()) {
            if (!key.equals(OPTION_VELOCITY_BINS) && !key.equals(OPTION_SUSTAIN_PEDAL) && !key.equals(OPTION_KEY_TOKEN)
                    && !key.equals(OPTION_KEY_NORMALISED) && !key.equals(OPTION_STYLE_TOKEN)) {
                throw new IllegalArgumentException("unknown timed encoding option '" + key + "'");
            }
        }
        int velocityBins;
        try {
            velocityBins = Integer.parseInt(saved.getOrDefault(OPTION_VELOCITY_BINS, "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("velocityBins is not a whole number: '" + saved.get(OPTION_VELOCITY_BINS) + "'");
        }
        return new TimedEncoding(new Options(velocityBins, flag(saved, OPTION_SUSTAIN_PEDAL), flag(saved, OPTION_KEY_TOKEN),
                flag(saved, OPTION_KEY_NORMALISED), flag(saved, OPTION_STYLE_TOKEN)));
    }

    private static boolean flag(Map<String, String> saved, String name) {
        String value = saved.getOrDefault(name, "false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    @Override
    public int ticksPerQuarter() {
        return GRID;
    }

    @Override
    public List<String> encode(Piece piece) {
        Key pieceKey = options.keyToken() ? estimateKey(piece) : null;
        if (options.keyNormalised()) {
            int shift = KeyNormalisation.shift(pieceKey);
            piece = piece.transposed(shift);
            pieceKey = pieceKey.transpose(shift);
        }
        // Quantise, then keep one note per (onset, pitch): the longest.
        Map<Long, long[]> grid = new LinkedHashMap<>();
        for (Note note : piece.notes()) {
            long onset = Math.round(note.onset() * GRID);
            long duration = Math.min(MAX_DURATION, Math.max(1, Math.round(note.duration() * GRID)));
            long key = onset * 128 + note.pitch();
            long[] existing = grid.get(key);
            if (existing == null || existing[1] < duration) {
                grid.put(key, new long[] {onset, duration, note.pitch(), note.velocity()});
            }
        }
        List<long[]> notes = new ArrayList<>(grid.values());
        notes.sort(Comparator.<long[]>comparingLong(n -> n[0]).thenComparingLong(n -> n[2]));
        List<String> tokens = new ArrayList<>(notes.size() * 2 + notes.size() / 2 + 3);
        tokens.add(SpecialTokens.START);
        if (pieceKey != null) tokens.add(pieceKey.token());
        long now = notes.isEmpty() ? 0 : notes.get(0)[0]; // leading silence is dropped
        int bin = 0; // no bin yet: the first note always says its velocity
        for (long[] n : notes) {
            appendParts(tokens, "w:", n[0] - now);
            now = n[0];
            if (bins != null) {
                // Only changes are written: a run of notes at one loudness costs one token, not one per note.
                int noteBin = bins.bin((int) n[3]);
                if (noteBin != bin) tokens.add(velocityToken(noteBin));
                bin = noteBin;
            }
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

    /** The token of velocity bin {@code bin} (1-based). */
    public static String velocityToken(int bin) {
        return "v:" + bin;
    }

    @Override
    public Piece decode(String name, List<String> tokens, double tempoBpm) {
        Decoder decoder = new Decoder();
        for (String token : tokens) decoder.add(token);
        return new Piece(name, decoder.notes(), tempoBpm);
    }

    /** The same left-to-right pass as {@link #decode}, resumable: a growing stream's tokens are each read once. */
    @Override
    public StreamDecoder streamDecoder(double tempoBpm) {
        return new Decoder();
    }

    /** Decoding's state between tokens: the time reached, the note waiting for its duration, the velocity in force. */
    private final class Decoder implements StreamDecoder {
        private final List<Note> notes = new ArrayList<>();
        private long now;
        private int pendingPitch = -1;
        private long pendingDuration;
        private int velocity = DECODE_VELOCITY;
        private int pendingVelocity = velocity;
        private boolean ended;

        @Override
        public void add(String token) {
            if (ended) return;
            if (SpecialTokens.END.equals(token)) {
                ended = true;
                return;
            }
            char kind = kind(token);
            int value = value(token);
            if (kind == 0 || value <= 0) return;
            if (kind == 'd') {
                if (pendingPitch >= 0) pendingDuration += value; // a stray duration with no note is skipped
                return;
            }
            if (kind == 'v') {
                // Applies from the next note on; a bin this model does not have (only from a stray stream) is skipped.
                if (bins != null && value <= bins.count()) velocity = bins.centre(value);
                return;
            }
            if (pendingPitch >= 0) notes.add(note(now, pendingPitch, pendingDuration, pendingVelocity));
            pendingPitch = -1;
            pendingDuration = 0;
            if (kind == 'w') {
                now += value;
            } else if (value <= 127) {
                pendingPitch = value;
                pendingVelocity = velocity;
            }
        }

        /** The notes so far, the one still waiting for its duration last (as if the stream ended here). */
        @Override
        public List<Note> notes() {
            if (pendingPitch < 0) return java.util.Collections.unmodifiableList(notes);
            Note pending = note(now, pendingPitch, pendingDuration, pendingVelocity);
            return new java.util.AbstractList<>() {
                @Override
                public Note get(int i) {
                    return i == notes.size() ? pending : notes.get(i);
                }

                @Override
                public int size() {
                    return notes.size() + 1;
                }
            };
        }
    }

    /** A note whose duration never came (the stream ended or went on) lasts a quarter note. */
    private static Note note(long onset, int pitch, long duration, int velocity) {
        double quarters = duration > 0 ? Math.min(duration, MAX_DURATION) / (double) GRID : DEFAULT_DURATION_QUARTERS;
        return new Note(onset / (double) GRID, quarters, pitch, velocity);
    }

    /** 'n', 'd', 'w' or 'v' for a timed token, 0 for anything else. */
    static char kind(String token) {
        if (token.length() < 3 || token.charAt(1) != ':') return 0;
        char c = token.charAt(0);
        return c == 'n' || c == 'd' || c == 'w' || c == 'v' ? c : 0;
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
        if (token.startsWith(Key.TOKEN_PREFIX)) return options.keyToken() && Key.fromToken(token) != null;
        if (token.startsWith(STYLE_PREFIX)) return options.styleToken() && styleOf(token) != null;
        if (kind == 0 || !token.equals(kind + ":" + value)) return false; // canonical digits only: no "n:+7", "n:007"
        if (kind == 'v') return bins != null && value >= 1 && value <= bins.count();
        return kind == 'n' ? value >= 0 && value <= 127 : value >= 1 && value <= MAX_DURATION;
    }

    @Override
    public double distance(String a, String b) {
        if (a.equals(b)) return 0;
        Key keyA = Key.fromToken(a);
        Key keyB = Key.fromToken(b);
        if (keyA != null && keyB != null) {
            // Same mode first, then the nearer tonic: an unknown key maps to a close relative, never to a note.
            int apart = Math.floorMod(keyA.tonic() - keyB.tonic(), 12);
            return Math.min(apart, 12 - apart) + (keyA.minor() == keyB.minor() ? 0 : 12);
        }
        char ka = kind(a);
        char kb = kind(b);
        if (ka == 0 || ka != kb) return Double.POSITIVE_INFINITY;
        int va = value(a);
        int vb = value(b);
        if (va < 0 || vb < 0) return Double.POSITIVE_INFINITY;
        if (ka == 'n' || ka == 'v') return Math.abs(va - vb);
        // Times compare by ratio: 5 vs 6 steps is closer than 1 vs 2.
        return Math.abs(Math.log((double) Math.max(va, 1) / Math.max(vb, 1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimedEncoding t && t.options.equals(options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return label();
    }

    @Override
    public String label() {
        if (version() == 1) return NAME;
        return NAME + " version 2 (" + (options.velocityBins() > 0 ? options.velocityBins() + " velocity bins" : "no velocity")
                + ", sustain pedal " + (options.sustainPedal() ? "read" : "ignored") + (options.keyToken() ? ", key token" : "")
                + (options.keyNormalised() ? ", keys normalised to C and Am" : "") + (options.styleToken() ? ", style token" : "") + ")";
    }

    /** A wait {@code w:K} moves time on by K grid steps; nothing else does (durations overlap what follows). */
    @Override
    public double quartersAdvanced(String token) {
        if (kind(token) != 'w') return 0;
        int steps = value(token);
        return steps > 0 ? steps / (double) GRID : 0;
    }
}
