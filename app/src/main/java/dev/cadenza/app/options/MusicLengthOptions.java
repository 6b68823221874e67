package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.SettingException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How much music a piece gets: {@code --seconds S} (default {@value #DEFAULT_SECONDS}) or {@code --bars N}, each ending
 * at a bar line; {@code --seconds 0} leaves only the model's END and the token limit.
 */
public final class MusicLengthOptions {
    /** About a minute of music. */
    public static final int DEFAULT_SECONDS = MusicLength.DEFAULT_SECONDS;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Seconds of new music per piece, at the generation tempo: a piece stops at the first bar line "
                    + "after S seconds, unless the model ends it sooner (never in the first quarter of S) (default: " + DEFAULT_SECONDS + "; 0: no limit in "
                    + "music, only --length).")
    Double seconds;

    @Option(names = "--bars", paramLabel = "N",
            description = "Bars of new music per piece instead of --seconds, in the primer's time signature (4/4 when "
                    + "it has none).")
    Integer bars;

    /**
     * The length asked for, with bars of {@code quartersPerBar}; {@code fallback} when neither option was given.
     */
    public MusicLength musicLength(double quartersPerBar, MusicLength fallback) {
        if (seconds != null && bars != null) {
            throw new ParameterException(spec.commandLine(), "give --seconds or --bars, not both");
        }
        try {
            if (seconds != null) return new MusicLength(seconds, 0, quartersPerBar);
            if (bars != null) return MusicLength.bars(bars).withQuartersPerBar(quartersPerBar);
            return fallback.withQuartersPerBar(quartersPerBar);
        } catch (SettingException e) {
            throw DecodingOptions.refusal(e);
        }
    }

    /** Whether --seconds or --bars was given. */
    public boolean given() {
        return seconds != null || bars != null;
    }
}
