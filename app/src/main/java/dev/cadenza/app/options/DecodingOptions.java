package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.generate.BeamSearch;
import dev.cadenza.runtime.generate.KeyBias;
import dev.cadenza.runtime.generate.RowRequest;
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
                    + RowRequest.MAX_NO_REPEAT_NGRAM + ").")
    int noRepeatNgram;

    @Option(names = "--key-strength", paramLabel = "S", defaultValue = "0",
            description = "Models with key tokens: make notes outside the piece's key (major, or harmonic minor) e^S "
                    + "times less likely at every draw, steering the music into its key; 1-3 nudges, 10 all but forbids "
                    + "them (default: ${DEFAULT-VALUE}, off: the draws are untouched; 0.." + (int) KeyBias.MAX_STRENGTH + ").")
    double keyStrength;

    /** The key steering strength (0: off). */
    public double keyStrength() {
        try {
            KeyBias.check(keyStrength);
        } catch (IllegalArgumentException e) {
            throw new UserError("--key-strength: " + e.getMessage());
        }
        return keyStrength;
    }

    /** The beam search asked for ({@link BeamSearch#NONE} for none). */
    public BeamSearch beamSearch() {
        try {
            return new BeamSearch(beamSize, branchFactor, stepsPerIteration);
        } catch (IllegalArgumentException e) {
            throw new UserError("--beam-size " + beamSize + " --branch-factor " + branchFactor + " --steps-per-iteration "
                    + stepsPerIteration + ": " + e.getMessage());
        }
    }

    /** The no-repeat n-gram size (0: off). */
    public int noRepeatNgram() {
        if (noRepeatNgram != 0 && (noRepeatNgram < 2 || noRepeatNgram > RowRequest.MAX_NO_REPEAT_NGRAM)) {
            throw new UserError("--no-repeat-ngram must be 2.." + RowRequest.MAX_NO_REPEAT_NGRAM + " (0: off), got "
                    + noRepeatNgram);
        }
        return noRepeatNgram;
    }
}
