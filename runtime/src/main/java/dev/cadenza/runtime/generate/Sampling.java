package dev.cadenza.runtime.generate;

import java.util.Locale;

import dev.cadenza.runtime.codec.Vocabulary;

/**
 * How the next token is chosen from the model's probabilities: {@link Greedy} (always the likeliest) or
 * {@link Sampled} (a random draw, shaped by temperature, top-k and top-p). Each row of a batch carries its own.
 *
 * <p>Text form, read by {@link #parse} and written by {@link #describe}: {@code greedy}, or comma-separated
 * {@code temperature=T}, {@code top-k=K}, {@code top-p=P}; what is not given is off (temperature 1, no top-k, top-p 1).
 */
public sealed interface Sampling permits Sampling.Greedy, Sampling.Sampled {
    /** Always the likeliest token (the tutorial's argmax; tends to loop). */
    Greedy GREEDY = new Greedy();
    /** Mildly conservative: enough variety to avoid the argmax loops, few wild notes. */
    Sampled DEFAULT = new Sampled(1.0, 0, 0.95);

    /** The text form, which {@link #parse} reads back to an equal value. */
    String describe();

    /** Always take the most probable token. */
    record Greedy() implements Sampling {
        @Override
        public String describe() {
            return "greedy";
        }
    }

    /**
     * A random draw from the (reshaped) distribution.
     *
     * @param temperature below 1 sharpens the distribution (safer, more repetitive), above 1 flattens it (bolder)
     * @param topK        keep only the k most probable tokens (0 keeps all)
     * @param topP        keep the smallest set of most probable tokens whose probabilities add up to at least p
     *                    (nucleus sampling; 1 keeps all)
     */
    record Sampled(double temperature, int topK, double topP) implements Sampling {
        /** Hotter than this is a uniform draw in all but name; the bound keeps typos ({@code 1e9}) out. */
        public static final double MAX_TEMPERATURE = 100;

        /** The one set of rules for a sampling setting, whether it came as text, flags or a server request. */
        public Sampled {
            if (!(temperature > 0 && temperature <= MAX_TEMPERATURE)) { // false for NaN too
                throw new SettingException("temperature", "must be above 0 and at most " + (int) MAX_TEMPERATURE
                        + ", got " + temperature);
            }
            if (topK < 0 || topK > Vocabulary.MAX_SIZE) {
                throw new SettingException("top-k", "must be 0.." + Vocabulary.MAX_SIZE + " (0: off), got " + topK);
            }
            if (!(topP > 0 && topP <= 1)) throw new SettingException("top-p", "must be above 0 and at most 1, got " + topP);
        }

        @Override
        public String describe() {
            StringBuilder s = new StringBuilder("temperature=").append(temperature);
            if (topK > 0) s.append(", top-k=").append(topK);
            if (topP < 1) s.append(", top-p=").append(topP);
            return s.toString();
        }
    }

    /**
     * Reads the text form ({@code greedy}, or e.g. {@code temperature=0.8,top-k=20}; keys {@code t}, {@code k},
     * {@code p} are short forms).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    static Sampling parse(String text) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("greedy")) return GREEDY;
        double temperature = 1.0;
        int topK = 0;
        double topP = 1.0;
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) throw bad(text, "'" + part.trim() + "' is not KEY=VALUE");
            String key = kv[0].trim();
            String value = kv[1].trim();
            try {
                switch (key) {
                    case "temperature", "t" -> temperature = Double.parseDouble(value);
                    case "top-k", "topk", "k" -> topK = Integer.parseInt(value);
                    case "top-p", "topp", "p" -> topP = Double.parseDouble(value);
                    default -> throw bad(text, "unknown key '" + key + "'");
                }
            } catch (NumberFormatException e) {
                throw bad(text, "'" + value + "' is not a number");
            }
        }
        try {
            return new Sampled(temperature, topK, topP);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "': " + why
                + " (write greedy, or e.g. temperature=0.8,top-k=20 or top-p=0.9)");
    }
}
