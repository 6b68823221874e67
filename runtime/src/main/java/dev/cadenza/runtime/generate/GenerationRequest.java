package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.model.ModelMetadata;

/**
 * What to generate: {@code count} pieces decoded as {@code decoding} says (sampling, search, rules, length, seed),
 * from {@code primer}. Piece i draws from its own random stream ({@link TokenSampler#pieceSeed}{@code (seed, i)}), so
 * the same request gives the same pieces whatever the batch. For rows with different settings use
 * {@link Generator#generate(java.util.List, GenerationListener)} with {@link RowRequest}s.
 *
 * @param count    how many pieces (at least 1)
 * @param decoding how each piece is decoded
 * @param primer   what the pieces start from
 * @param tempoBpm tempo of the decoded pieces, {@link ModelMetadata#MIN_TEMPO}..{@link ModelMetadata#MAX_TEMPO}; null
 *                 for the model's
 * @param title    decoded piece i is titled {@code title-NN} (NN = i + 1, two digits)
 */
public record GenerationRequest(int count, Decoding decoding, PrimerChoice primer, Double tempoBpm, String title) {
    public GenerationRequest {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        if (decoding == null) decoding = Decoding.DEFAULT;
        if (primer == null) primer = PrimerChoice.start();
        if (tempoBpm != null) checkTempo(tempoBpm);
        if (title == null) title = "piece";
    }

    /** @throws SettingException naming {@code tempo} when {@code bpm} is outside the range a piece may be written at */
    public static void checkTempo(double bpm) {
        if (!(bpm >= ModelMetadata.MIN_TEMPO && bpm <= ModelMetadata.MAX_TEMPO)) {
            throw new SettingException("tempo", "must be " + (int) ModelMetadata.MIN_TEMPO + ".." + (int) ModelMetadata.MAX_TEMPO
                    + " BPM, got " + bpm);
        }
    }

    /**
     * {@code count} pieces from the start of at most {@code maxTokens} tokens each, default sampling, seed 0, the
     * model's tempo, no length in music (only END and {@code maxTokens} stop a piece).
     */
    public static GenerationRequest of(int count, int maxTokens) {
        return new GenerationRequest(count, Decoding.builder().maxTokens(maxTokens).musicLength(MusicLength.NONE).build(),
                PrimerChoice.start(), null, "piece");
    }

    /** How tokens are chosen. */
    public Sampling sampling() {
        return decoding.sampling();
    }

    /** The run's seed. */
    public long seed() {
        return decoding.seed();
    }

    /** Most tokens added to each piece. */
    public int maxTokens() {
        return decoding.maxTokens();
    }

    /** How much music each piece gets. */
    public MusicLength musicLength() {
        return decoding.musicLength();
    }

    /** The same request decoded as {@code d}. */
    public GenerationRequest withDecoding(Decoding d) {
        return new GenerationRequest(count, d, primer, tempoBpm, title);
    }

    /** The same request with another sampling setting. */
    public GenerationRequest withSampling(Sampling s) {
        return withDecoding(decoding.toBuilder().sampling(s).build());
    }

    /** The same request with another seed (same seed and settings, same pieces). */
    public GenerationRequest withSeed(long s) {
        return withDecoding(decoding.toBuilder().seed(s).build());
    }

    /** The same request stopping each piece after {@code l} of music (at a bar line), or {@link MusicLength#NONE}. */
    public GenerationRequest withMusicLength(MusicLength l) {
        return withDecoding(decoding.toBuilder().musicLength(l).build());
    }

    /** The same request starting from another primer. */
    public GenerationRequest withPrimer(PrimerChoice p) {
        return new GenerationRequest(count, decoding, p, tempoBpm, title);
    }

    /** The same request with another tempo for the decoded pieces (null: the model's). */
    public GenerationRequest withTempo(Double bpm) {
        return new GenerationRequest(count, decoding, primer, bpm, title);
    }

    /** The same request with another title prefix ({@code title-NN} per piece). */
    public GenerationRequest withTitle(String t) {
        return new GenerationRequest(count, decoding, primer, tempoBpm, t);
    }
}
