package dev.cadenza.runtime.generate;

/**
 * Settings of a stochastic beam search in Magenta's form ({@link BeamSearchDecoder}): each iteration every beam is
 * extended by {@code branchFactor} sampled continuations of {@code stepsPerIteration} tokens, and the
 * {@code beamSize} branches of highest total log-likelihood are kept. Beam size 1 with branch factor 1 is plain
 * sampling.
 *
 * @param beamSize          beams kept per piece after each iteration
 * @param branchFactor      sampled continuations per beam and iteration
 * @param stepsPerIteration tokens each continuation grows before the beams are compared
 */
public record BeamSearch(int beamSize, int branchFactor, int stepsPerIteration) {
    /** Most branches one piece may hold at once (beam size x branch factor): rows of the model's batch. */
    public static final int MAX_BRANCHES = 1024;
    public static final int MAX_STEPS_PER_ITERATION = 10_000;
    /** Plain sampling: one beam, one branch. */
    public static final BeamSearch NONE = new BeamSearch(1, 1, 1);

    public BeamSearch {
        if (beamSize < 1) throw new SettingException("beam", "beam size", "must be at least 1, got " + beamSize);
        if (branchFactor < 1) throw new SettingException("branch", "branch factor", "must be at least 1, got " + branchFactor);
        if ((long) beamSize * branchFactor > MAX_BRANCHES) {
            throw new SettingException("branch", "beam size x branch factor", "must be at most " + MAX_BRANCHES + ", got "
                    + (long) beamSize * branchFactor);
        }
        if (stepsPerIteration < 1 || stepsPerIteration > MAX_STEPS_PER_ITERATION) {
            throw new SettingException("steps", "steps per iteration", "must be 1.." + MAX_STEPS_PER_ITERATION + ", got "
                    + stepsPerIteration);
        }
    }

    /** Whether this searches at all (more than one beam or branch). */
    public boolean isSearch() {
        return beamSize > 1 || branchFactor > 1;
    }

    /** Text form, as {@link Decoding#parse} reads it: {@code beam=4,branch=4,steps=8}. */
    public String describe() {
        return "beam=" + beamSize + ", branch=" + branchFactor + ", steps=" + stepsPerIteration;
    }
}
