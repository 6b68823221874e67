package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.music.Key;

/**
 * Steers a piece toward its key at decode time: the notes outside the key's scale (major, or harmonic minor) get a
 * logit bias of {@code -strength}, i.e. their probabilities are multiplied by {@code e^-strength} before each draw.
 * The key is the one the piece's stream opens in ({@code <start> k:Eb}; a key-normalised model's {@code k:C} or
 * {@code k:Am}), so it works on the model's own tokens whatever key the music is moved to afterwards.
 */
final class KeyBias {
    /** The strongest bias taken: e^-20 is about 2e-9, out-of-scale notes are then all but banned. */
    static final double MAX_STRENGTH = Decoding.MAX_KEY_STRENGTH;

    private KeyBias() {
    }

    /**
     * Per-id multipliers for a stream opening with {@code primer}, or null when there is nothing to steer: strength 0,
     * or a primer whose second token is not a key.
     */
    public static float[] weights(Vocabulary vocabulary, int[] primer, double strength) {
        check(strength);
        if (strength == 0 || primer.length < 2) return null;
        Key key = Key.fromToken(vocabulary.token(primer[1]));
        if (key == null) return null;
        float out = (float) Math.exp(-strength);
        float[] weights = new float[vocabulary.size()];
        for (int id = 0; id < weights.length; id++) {
            Integer pitch = pitch(vocabulary.token(id));
            weights[id] = pitch != null && !key.inScale(pitch) ? out : 1f;
        }
        return weights;
    }

    /** @throws SettingException when the strength is negative, too large or not a number */
    public static void check(double strength) {
        if (!(strength >= 0 && strength <= MAX_STRENGTH)) {
            throw new SettingException("key-strength", "key strength", "must be 0 (off) to " + (int) MAX_STRENGTH + ", got "
                    + strength);
        }
    }

    private static Integer pitch(String token) {
        if (!token.startsWith("n:")) return null;
        try {
            return Integer.parseInt(token.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
