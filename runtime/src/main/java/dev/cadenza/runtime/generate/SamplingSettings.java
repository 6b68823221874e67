package dev.cadenza.runtime.generate;

/**
 * How the next token is chosen from the model's probabilities.
 *
 * @param greedy      always take the most probable token (the tutorial's argmax); the other settings are ignored
 * @param temperature below 1 sharpens the distribution (safer, more repetitive), above 1 flattens it (bolder)
 * @param topK        keep only the k most probable tokens (0 keeps all)
 * @param topP        keep the smallest set of most probable tokens whose probabilities add up to at least p
 *                    (nucleus sampling; 1 keeps all)
 */
public record SamplingSettings(boolean greedy, double temperature, int topK, double topP) {
    /** Mildly conservative: enough variety to avoid the argmax loops, few wild notes. */
    public static final SamplingSettings DEFAULT = new SamplingSettings(false, 1.0, 0, 0.95);
    public static final SamplingSettings GREEDY = new SamplingSettings(true, 1.0, 0, 1.0);

    public SamplingSettings {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be 0 (off) or positive, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }

    public String describe() {
        if (greedy) return "greedy";
        StringBuilder s = new StringBuilder("temperature=").append(temperature);
        if (topK > 0) s.append(", top-k=").append(topK);
        if (topP < 1) s.append(", top-p=").append(topP);
        return s.toString();
    }
}
