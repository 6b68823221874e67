package dev.cadenza.runtime.generate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.cadenza.runtime.music.Key;

/**
 * How a piece is decoded, in one validated value: the one contract from a command-line flag, an {@code evaluate
 * --compare} setting or an HTTP request down to the sampler. The command line, {@code evaluate}, the service and the
 * library all build one; {@link #decoder()} chooses the decoder from it and {@link PieceRows} turns it into the rows
 * every decoder runs. The bounds of every setting are defined here (and in the value types it holds), nowhere else.
 *
 * <p>The text form, read by {@link #parse} and written by {@link #describe}: comma-separated keys,
 * {@link Sampling#parse}'s ({@code greedy}, {@code temperature}, {@code top-k}, {@code top-p}), and {@code beam},
 * {@code branch}, {@code steps} (the beam search), {@code window} (the tutorial's loop), {@code no-repeat}, {@code key}, {@code style},
 * {@code key-strength}, {@code min-end} (share of the music length before which {@code <end>} is not taken),
 * {@code tokens} (most tokens), {@code seconds} or {@code bars} (length in music; {@code seconds=0}: none) and
 * {@code seed}, e.g. {@code top-p=0.95,beam=4,branch=4,steps=8} or {@code top-p=0.95,no-repeat=8,key-strength=2}.
 * Without sampling keys the draw is plain (temperature 1, no top-k, no top-p); beam search, window, no-repeat, key
 * and style not given are off; the rest are taken from a base setting (the front end's own flags).
 *
 * @param sampling         how each token is drawn
 * @param beam             the search over draws ({@link BeamSearch#NONE}: none)
 * @param window           N above 0: the tutorial's loop ({@link WindowedDecoder}), each token predicted from the
 *                         last N tokens run from a zero state; 0: the state is carried along (the default)
 * @param noRepeatNgram    N above 1: no token completes an N-gram the piece already holds, while another is possible
 *                         (0: off)
 * @param key              the key every piece starts in ({@code <start> k:KEY}; models with key tokens only), or null:
 *                         such a model draws each piece's key from its corpus's keys with the seed
 * @param style            the style every piece starts in, or null; only for models with style tokens
 * @param keyStrength      logit bias against notes outside the piece's key ({@link KeyBias}; 0: off)
 * @param earliestEndShare share of the length in music before which the model's {@code <end>} is not taken
 * @param maxTokens        most tokens added to each piece, a hard cap behind the length in music
 * @param musicLength      how much music each piece gets, ending at a bar line ({@link MusicLength#NONE}: only END and
 *                         {@code maxTokens} stop it)
 * @param seed             the run's seed: piece i draws from its own stream {@code TokenSampler.pieceSeed(seed, i)}
 */
public record Decoding(Sampling sampling, BeamSearch beam, int window, int noRepeatNgram, Key key, String style, double keyStrength,
                       double earliestEndShare, int maxTokens, MusicLength musicLength, long seed) {
    /** Longest n-gram the repetition control takes; longer ones hardly ever repeat by chance anyway. */
    public static final int MAX_NO_REPEAT_NGRAM = 1024;
    /** Most tokens one piece may ask for; far beyond an hour of music, short of exhausting memory by a typo. */
    public static final int MAX_TOKENS = 100_000;
    /** Room for a minute of music: the shipped model writes 34-40 tokens per second of music at its 120 BPM. */
    public static final int DEFAULT_MAX_TOKENS = 4000;
    /** The strongest key steering taken: e^-20 is about 2e-9, out-of-scale notes are then all but banned. */
    public static final double MAX_KEY_STRENGTH = 20;
    /** Longest window of the tutorial's loop. */
    public static final int MAX_WINDOW = 10_000;
    /** Highest seed a random default is drawn below (short enough to type back). */
    public static final int RANDOM_SEED_BOUND = 1_000_000;
    private static final Pattern STYLE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** What {@code generate} and the service do when told nothing: default sampling, about a minute, seed 0. */
    public static final Decoding DEFAULT = new Decoding(Sampling.DEFAULT, BeamSearch.NONE, 0, 0, null, null, 0,
            MusicLength.EARLIEST_END_SHARE, DEFAULT_MAX_TOKENS, MusicLength.seconds(MusicLength.DEFAULT_SECONDS), 0);

    /** @throws SettingException naming the first setting out of range by its key */
    public Decoding {
        if (sampling == null) throw new SettingException("sampling", "is required");
        if (beam == null) beam = BeamSearch.NONE;
        if (musicLength == null) musicLength = MusicLength.NONE;
        if (window < 0 || window > MAX_WINDOW) throw new SettingException("window", "must be 0.." + MAX_WINDOW + " (0: off), got " + window);
        if (window > 0 && beam.isSearch()) throw new SettingException("window", "cannot be combined with a beam search");
        if (noRepeatNgram != 0 && (noRepeatNgram < 2 || noRepeatNgram > MAX_NO_REPEAT_NGRAM)) {
            throw new SettingException("no-repeat", "must be 2.." + MAX_NO_REPEAT_NGRAM + " (0: off), got " + noRepeatNgram);
        }
        if (style != null && !STYLE.matcher(style).matches()) {
            throw new SettingException("style", "must be 1..32 lower-case letters, digits, '_' or '-', got '" + style + "'");
        }
        KeyBias.check(keyStrength);
        if (!(earliestEndShare >= 0 && earliestEndShare <= 1)) {
            throw new SettingException("min-end", "must be 0..1 (a share of the length in music), got " + earliestEndShare);
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new SettingException("tokens", "must be 1.." + MAX_TOKENS + ", got " + maxTokens);
        }
        if (seed < 0) throw new SettingException("seed", "must be 0 or more, got " + seed);
    }

    /** A setting without key steering, with the default length and seed (as the earlier three-part value). */
    public Decoding(Sampling sampling, BeamSearch beam, int noRepeatNgram) {
        this(sampling, beam, noRepeatNgram, 0);
    }

    /** Sampling, beam search, no-repeat and key steering, with the default length and seed. */
    public Decoding(Sampling sampling, BeamSearch beam, int noRepeatNgram, double keyStrength) {
        this(sampling, beam, 0, noRepeatNgram, null, null, keyStrength, DEFAULT.earliestEndShare, DEFAULT.maxTokens,
                DEFAULT.musicLength, DEFAULT.seed);
    }

    /** Plain sampling with {@code sampling}, the rest as {@link #DEFAULT}. */
    public static Decoding of(Sampling sampling) {
        return DEFAULT.toBuilder().sampling(sampling).build();
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    /** A builder starting from this setting. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A seed for a run that was given none (printed, so the run can be repeated). */
    public static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(1, RANDOM_SEED_BOUND);
    }

    /** The decoder this setting needs: the beam search, the tutorial's windowed loop, or plain sampling. */
    public Decoder decoder() {
        if (beam.isSearch()) return new BeamSearchDecoder(beam);
        return window > 0 ? new WindowedDecoder(window) : new SamplingDecoder();
    }

    /** The text form of this setting, {@link #describe(Decoding)} against {@link #DEFAULT}. */
    public String describe() {
        return describe(DEFAULT);
    }

    /**
     * The text form, which {@link #parse(String, Decoding)} with the same {@code base} reads back to an equal value
     * (the bar length of {@code bars} aside, which comes from the primer's meter): the sampling always, the beam
     * search, no-repeat, key, style and key strength when on, the rest when they differ from {@code base}.
     */
    public String describe(Decoding base) {
        StringBuilder s = new StringBuilder(sampling.describe());
        if (beam.isSearch()) s.append(", ").append(beam.describe());
        if (window > 0) s.append(", window=").append(window);
        if (noRepeatNgram > 0) s.append(", no-repeat=").append(noRepeatNgram);
        if (key != null) s.append(", key=").append(key);
        if (style != null) s.append(", style=").append(style);
        if (keyStrength > 0) s.append(", key-strength=").append(plain(keyStrength));
        if (earliestEndShare != base.earliestEndShare) s.append(", min-end=").append(plain(earliestEndShare));
        if (maxTokens != base.maxTokens) s.append(", tokens=").append(maxTokens);
        if (musicLength.seconds() != base.musicLength.seconds() || musicLength.bars() != base.musicLength.bars()) {
            s.append(musicLength.bars() > 0 ? ", bars=" + musicLength.bars() : ", seconds=" + plain(musicLength.seconds()));
        }
        if (seed != base.seed) s.append(", seed=").append(seed);
        return s.toString();
    }

    /** {@link #parse(String, Decoding)} over {@link #DEFAULT}. */
    public static Decoding parse(String text) {
        return parse(text, DEFAULT);
    }

    /**
     * Reads the text form; settings it does not name are {@code base}'s, except that without sampling keys the draw
     * is plain and that beam search, no-repeat, key, style and key strength not given are off.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Decoding parse(String text, Decoding base) {
        List<String> rest = new ArrayList<>();
        Builder b = base.toBuilder().beam(BeamSearch.NONE).window(0).noRepeatNgram(0).key(null).style(null).keyStrength(0);
        int beam = 1;
        int branch = 1;
        int steps = 1;
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !OWN_KEYS.contains(key)) {
                rest.add(part);
                continue;
            }
            String value = kv[1].trim();
            try {
                switch (key) {
                    case "beam" -> beam = Integer.parseInt(value);
                    case "branch" -> branch = Integer.parseInt(value);
                    case "steps" -> steps = Integer.parseInt(value);
                    case "window" -> b.window(Integer.parseInt(value));
                    case "no-repeat" -> b.noRepeatNgram(Integer.parseInt(value));
                    case "key" -> b.key(Key.parse(value));
                    case "style" -> b.style(value);
                    case "key-strength" -> b.keyStrength(Double.parseDouble(value));
                    case "min-end" -> b.earliestEndShare(Double.parseDouble(value));
                    case "tokens" -> b.maxTokens(Integer.parseInt(value));
                    case "seconds" -> b.musicLength(new MusicLength(Double.parseDouble(value), 0,
                            base.musicLength.quartersPerBar()));
                    case "bars" -> b.musicLength(new MusicLength(0, Integer.parseInt(value), base.musicLength.quartersPerBar()));
                    default -> b.seed(Long.parseLong(value));
                }
            } catch (NumberFormatException e) {
                boolean whole = !List.of("key-strength", "min-end", "seconds").contains(key);
                throw bad(text, "'" + value + "' is not a " + (whole ? "whole number" : "number"));
            } catch (IllegalArgumentException e) {
                throw bad(text, e.getMessage());
            }
        }
        b.sampling(rest.isEmpty() ? new Sampling.Sampled(1.0, 0, 1.0) : Sampling.parse(String.join(",", rest)));
        try {
            return b.beam(new BeamSearch(beam, branch, steps)).build();
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static final List<String> OWN_KEYS = List.of("beam", "branch", "steps", "window", "no-repeat", "key", "style",
            "key-strength", "min-end", "tokens", "seconds", "bars", "seed");

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "': " + why
                + " (e.g. top-p=0.95,beam=4,branch=4,steps=8 or top-p=0.95,no-repeat=8)");
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Builds a {@link Decoding} one setting at a time; {@link #build} checks them all. */
    public static final class Builder {
        private Sampling sampling;
        private BeamSearch beam;
        private int window;
        private int noRepeatNgram;
        private Key key;
        private String style;
        private double keyStrength;
        private double earliestEndShare;
        private int maxTokens;
        private MusicLength musicLength;
        private long seed;

        private Builder(Decoding d) {
            sampling = d.sampling;
            beam = d.beam;
            window = d.window;
            noRepeatNgram = d.noRepeatNgram;
            key = d.key;
            style = d.style;
            keyStrength = d.keyStrength;
            earliestEndShare = d.earliestEndShare;
            maxTokens = d.maxTokens;
            musicLength = d.musicLength;
            seed = d.seed;
        }

        public Builder sampling(Sampling s) {
            sampling = Objects.requireNonNull(s, "sampling");
            return this;
        }

        public Builder beam(BeamSearch b) {
            beam = b;
            return this;
        }

        public Builder window(int n) {
            window = n;
            return this;
        }

        public Builder noRepeatNgram(int n) {
            noRepeatNgram = n;
            return this;
        }

        public Builder key(Key k) {
            key = k;
            return this;
        }

        public Builder style(String s) {
            style = s;
            return this;
        }

        public Builder keyStrength(double s) {
            keyStrength = s;
            return this;
        }

        public Builder earliestEndShare(double share) {
            earliestEndShare = share;
            return this;
        }

        public Builder maxTokens(int n) {
            maxTokens = n;
            return this;
        }

        public Builder musicLength(MusicLength l) {
            musicLength = l;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** @throws SettingException naming the first setting out of range */
        public Decoding build() {
            return new Decoding(sampling, beam, window, noRepeatNgram, key, style, keyStrength, earliestEndShare, maxTokens,
                    musicLength, seed);
        }
    }
}
