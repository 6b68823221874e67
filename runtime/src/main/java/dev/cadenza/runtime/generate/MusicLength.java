package dev.cadenza.runtime.generate;

/**
 * How much music to generate, rather than how many tokens: {@code seconds} of new music at the generation tempo, or
 * {@code bars} whole bars, ending at the first bar line at or after that point. At most one of the two is set;
 * {@link #NONE} (both 0) leaves only the token limit. Bars are {@code quartersPerBar} quarter notes long (4 for 4/4,
 * 3 for 3/4 and 6/8), counted from the start of the piece, primer included.
 *
 * @param seconds        seconds of music after the primer (0: not by seconds)
 * @param bars           bars of music after the primer's last bar line (0: not by bars)
 * @param quartersPerBar the bar length in quarter notes
 */
public record MusicLength(double seconds, int bars, double quartersPerBar) {
    /** No length in music: pieces end at END or their token limit only. */
    public static final MusicLength NONE = new MusicLength(0, 0, 4);
    /** Longest length accepted, in seconds (a day of music); beyond it a typo is more likely than a wish. */
    public static final double MAX_SECONDS = 86_400;
    /** Most bars a length may ask for. */
    public static final int MAX_BARS = 100_000;
    /** About a minute of music: what {@code generate} and the service make when not told a length in music. */
    public static final int DEFAULT_SECONDS = 60;
    /**
     * Share of the asked length before which the model's {@code <end>} is not taken: a model may still end a piece
     * early, but not in its first quarter (one model ended a 60 s piece right after {@code <start>}).
     */
    public static final double EARLIEST_END_SHARE = 0.25;

    public MusicLength {
        if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
            throw new SettingException("seconds", "must be 0 (no length in music) to " + (int) MAX_SECONDS + ", got " + seconds);
        }
        if (bars < 0 || bars > MAX_BARS) throw new SettingException("bars", "must be 1.." + MAX_BARS + " (0: not by bars), got " + bars);
        if (seconds > 0 && bars > 0) throw new SettingException("bars", "give seconds or bars,", "not both");
        if (!(quartersPerBar > 0 && quartersPerBar <= 64)) {
            throw new IllegalArgumentException("a bar must be above 0 and at most 64 quarter notes, got " + quartersPerBar);
        }
    }

    /** About {@code seconds} of music, to the next bar line of 4/4. */
    public static MusicLength seconds(double seconds) {
        return new MusicLength(seconds, 0, 4);
    }

    /** {@code bars} bars of 4/4. */
    public static MusicLength bars(int bars) {
        if (bars < 1) throw new SettingException("bars", "must be 1.." + MAX_BARS + ", got " + bars);
        return new MusicLength(0, bars, 4);
    }

    /** The same length with bars of {@code quarters} quarter notes (a time signature's {@code quartersPerBar}). */
    public MusicLength withQuartersPerBar(double quarters) {
        return new MusicLength(seconds, bars, quarters);
    }

    /** Whether this length limits anything. */
    public boolean isSet() {
        return seconds > 0 || bars > 0;
    }

    /**
     * Where a piece whose primer reaches {@code primerQuarters} stops at {@code tempoBpm}: the first bar line at or
     * after the primer plus the seconds, or the primer's next bar line plus the bars. Null when not {@link #isSet}.
     */
    public TimeLimit limit(MusicClock clock, double primerQuarters, double tempoBpm) {
        return limit(clock, primerQuarters, tempoBpm, EARLIEST_END_SHARE);
    }

    /**
     * As {@link #limit(MusicClock, double, double)}, with the model's {@code <end>} not taken before
     * {@code earliestEndShare} of the new music ({@link Decoding#earliestEndShare}).
     */
    public TimeLimit limit(MusicClock clock, double primerQuarters, double tempoBpm, double earliestEndShare) {
        if (!isSet()) return null;
        if (!(tempoBpm > 0)) throw new IllegalArgumentException("tempo must be positive, got " + tempoBpm);
        double stop = seconds > 0
                ? barLineAtOrAfter(primerQuarters + seconds * tempoBpm / 60.0)
                : barLineAtOrAfter(primerQuarters) + bars * quartersPerBar;
        if (stop <= 0) stop = quartersPerBar; // nothing would be generated; one bar is the least a length can mean
        return new TimeLimit(clock, stop, primerQuarters + (stop - primerQuarters) * earliestEndShare);
    }

    private double barLineAtOrAfter(double quarters) {
        return Math.ceil(quarters / quartersPerBar - 1e-9) * quartersPerBar;
    }

    /** For reports: {@code 60 s} or {@code 16 bars}, with the bar in quarter notes when not 4. */
    public String describe() {
        if (!isSet()) return "no length in music";
        String bar = quartersPerBar == 4 ? "" : " (bars of " + trim(quartersPerBar) + " quarters)";
        return (seconds > 0 ? trim(seconds) + " s" : bars + " bars") + bar;
    }

    /** Why a piece stopped, for reports: {@code at the first bar line after 60 s} or {@code after 16 bars}. */
    public String describeStop() {
        return seconds > 0 ? "at the first bar line after " + describe() : "after " + describe();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
