package dev.cadenza.runtime.generate;

/**
 * What to generate: {@code count} pieces of at most {@code maxTokens} new tokens each, all with one sampling setting.
 * Piece i draws from its own random stream ({@link TokenSampler#pieceSeed}{@code (seed, i)}), so the same request
 * gives the same pieces whatever the batch. For rows with different settings use {@link Generator#generate(java.util.List,
 * GenerationListener)} with {@link RowRequest}s.
 *
 * @param count     how many pieces (at least 1)
 * @param maxTokens most tokens to add to each piece; one that emits END stops sooner
 * @param sampling  how tokens are chosen
 * @param seed      the run's seed
 * @param primer    what the pieces start from
 * @param tempoBpm  tempo of the decoded pieces, 10..400; null for the model's
 * @param title     decoded piece i is titled {@code title-NN} (NN = i + 1, two digits)
 * @param musicLength how much music each piece gets before it stops at a bar line ({@link MusicLength#NONE}: only END
 *                  and {@code maxTokens} stop it), measured at the tempo of the decoded pieces
 * @param noRepeatNgram N above 1: no token completes an N-gram the piece already holds, while another is possible
 *                  (0: off); see {@link RowRequest#noRepeatNgram}
 * @param keyStrength logit bias against notes outside the key the piece opens in ({@link KeyBias}); 0 is off and
 *                  leaves every draw as it was
 */
public record GenerationRequest(int count, int maxTokens, Sampling sampling, long seed, PrimerChoice primer,
                                Double tempoBpm, String title, MusicLength musicLength, int noRepeatNgram,
                                double keyStrength) {
    public GenerationRequest {
        KeyBias.check(keyStrength);
        if (musicLength == null) musicLength = MusicLength.NONE;
        if (noRepeatNgram != 0 && (noRepeatNgram < 2 || noRepeatNgram > RowRequest.MAX_NO_REPEAT_NGRAM)) {
            throw new IllegalArgumentException("no-repeat n-gram size must be 2.." + RowRequest.MAX_NO_REPEAT_NGRAM
                    + " (0: off), got " + noRepeatNgram);
        }
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        if (maxTokens < 1) throw new IllegalArgumentException("the most tokens must be at least 1, got " + maxTokens);
        if (sampling == null) sampling = Sampling.DEFAULT;
        if (primer == null) primer = PrimerChoice.start();
        if (tempoBpm != null && !(tempoBpm >= 10 && tempoBpm <= 400)) {
            throw new IllegalArgumentException("tempo must be 10..400 BPM, got " + tempoBpm);
        }
        if (title == null) title = "piece";
    }

    /** A request without a length in music or repetition control: pieces stop at END or {@code maxTokens}. */
    public GenerationRequest(int count, int maxTokens, Sampling sampling, long seed, PrimerChoice primer, Double tempoBpm,
                             String title) {
        this(count, maxTokens, sampling, seed, primer, tempoBpm, title, MusicLength.NONE, 0, 0);
    }

    /** A request without key steering. */
    public GenerationRequest(int count, int maxTokens, Sampling sampling, long seed, PrimerChoice primer, Double tempoBpm,
                             String title, MusicLength musicLength, int noRepeatNgram) {
        this(count, maxTokens, sampling, seed, primer, tempoBpm, title, musicLength, noRepeatNgram, 0);
    }

    /** {@code count} pieces from the start, default sampling, seed 0, the model's tempo. */
    public static GenerationRequest of(int count, int maxTokens) {
        return new GenerationRequest(count, maxTokens, Sampling.DEFAULT, 0, PrimerChoice.start(), null, "piece");
    }

    /** The same request with another sampling setting. */
    public GenerationRequest withSampling(Sampling s) {
        return new GenerationRequest(count, maxTokens, s, seed, primer, tempoBpm, title, musicLength, noRepeatNgram, keyStrength);
    }

    /** The same request with another seed (same seed and settings, same pieces). */
    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(count, maxTokens, sampling, s, primer, tempoBpm, title, musicLength, noRepeatNgram, keyStrength);
    }

    /** The same request starting from another primer. */
    public GenerationRequest withPrimer(PrimerChoice p) {
        return new GenerationRequest(count, maxTokens, sampling, seed, p, tempoBpm, title, musicLength, noRepeatNgram, keyStrength);
    }

    /** The same request with another tempo for the decoded pieces (null: the model's). */
    public GenerationRequest withTempo(Double bpm) {
        return new GenerationRequest(count, maxTokens, sampling, seed, primer, bpm, title, musicLength, noRepeatNgram, keyStrength);
    }

    /** The same request with another title prefix ({@code title-NN} per piece). */
    public GenerationRequest withTitle(String t) {
        return new GenerationRequest(count, maxTokens, sampling, seed, primer, tempoBpm, t, musicLength, noRepeatNgram, keyStrength);
    }

    /** The same request stopping each piece after {@code l} of music (at a bar line), or {@link MusicLength#NONE}. */
    public GenerationRequest withMusicLength(MusicLength l) {
        return new GenerationRequest(count, maxTokens, sampling, seed, primer, tempoBpm, title, l, noRepeatNgram, keyStrength);
    }

    /** The same request with the no-repeat rule for n-grams of {@code n} tokens (0: off). */
    public GenerationRequest withNoRepeatNgram(int n) {
        return new GenerationRequest(count, maxTokens, sampling, seed, primer, tempoBpm, title, musicLength, n, keyStrength);
    }

    /** The same request steering notes toward the key with logit bias {@code strength} (0: off). */
    public GenerationRequest withKeyStrength(double strength) {
        return new GenerationRequest(count, maxTokens, sampling, seed, primer, tempoBpm, title, musicLength, noRepeatNgram,
                strength);
    }
}
