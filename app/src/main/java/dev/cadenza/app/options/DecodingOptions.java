package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.generate.BeamSearch;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.SettingException;
import picocli.CommandLine.Option;

/**
 * What runs over the sampler: a stochastic beam search ({@code --beam-size}, {@code --branch-factor},
 * {@code --steps-per-iteration}, Magenta's names) and the repetition control ({@code --no-repeat-ngram}).
 */
public final class DecodingOptions {
    @Option(names = "--beam-size", paramLabel = "B", defaultValue = "1",
            description = "Beam search: keep the B continuations of highest likelihood under the model after each "
                    + "iteration (default: ${DEFAULT-VALUE}, no search).")
    int beamSize;

    @Option(names = "--branch-factor", paramLabel = "F", defaultValue = "1",
            description = "Beam search: each iteration every beam grows F sampled continuations (default: ${DEFAULT-VALUE}). "
                    + "Each step costs B x F rows of the model's batch per piece.")
    int branchFactor;

    @Option(names = "--steps-per-iteration", paramLabel = "K", defaultValue = "1",
            description = "Beam search: tokens each continuation grows before the beams are compared (default: "
                    + "${DEFAULT-VALUE}).")
    int stepsPerIteration;

    @Option(names = "--no-repeat-ngram", paramLabel = "N", defaultValue = "0",
            description = "Never choose a token that would complete a run of N tokens the piece already holds, while "
                    + "another token is possible: breaks loops (default: ${DEFAULT-VALUE}, off; 2.."
                    + Decoding.MAX_NO_REPEAT_NGRAM + ").")
    int noRepeatNgram;

    @Option(names = "--key-strength", paramLabel = "S", defaultValue = "0",
            description = "Models with key tokens: make notes outside the piece's key (major, or harmonic minor) e^S "
                    + "times less likely at every draw, steering the music into its key; 1-3 nudges, 10 all but forbids "
                    + "them (default: ${DEFAULT-VALUE}, off: the draws are untouched; 0.." + (int) Decoding.MAX_KEY_STRENGTH + ").")
    double keyStrength;

    /**
     * {@code base} with this mixin's settings, checked as a whole; a setting out of range is refused naming its flag.
     *
     * @throws UserError naming the flag and the problem
     */
    public Decoding decoding(Decoding.Builder base) {
        return build(base.noRepeatNgram(noRepeatNgram).keyStrength(keyStrength), this);
    }

    /**
     * Builds {@code b}; a refusal names the flag of its setting ({@link #flag}).
     *
     * @param options the beam search flags, checked together (null: none given)
     * @throws UserError naming the flag and the problem
     */
    public static Decoding build(Decoding.Builder b, DecodingOptions options) {
        try {
            if (options != null) b.beam(new BeamSearch(options.beamSize, options.branchFactor, options.stepsPerIteration));
            return b.build();
        } catch (SettingException e) {
            throw refusal(e);
        }
    }

    /** The user's error for a setting out of range, naming the setting's flag. */
    public static UserError refusal(SettingException e) {
        return new UserError(e.naming(flag(e.key())));
    }

    /** The user's error for a setting {@code model} cannot take (no key tokens, an unknown style), naming flag and model. */
    public static UserError refusal(SettingException e, java.nio.file.Path model) {
        return new UserError(e.naming(flag(e.key()) + ": " + model));
    }

    /** The command-line flag of a {@link Decoding} setting, by its key in the text form. */
    public static String flag(String key) {
        return switch (key) {
            case "beam" -> "--beam-size";
            case "branch" -> "--branch-factor";
            case "steps" -> "--steps-per-iteration";
            case "window" -> "--tutorial";
            case "no-repeat" -> "--no-repeat-ngram";
            case "tokens" -> "--length";
            default -> "--" + key;
        };
    }
}
