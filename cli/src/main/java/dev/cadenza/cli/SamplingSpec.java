package dev.cadenza.cli;

import java.util.Locale;

import dev.cadenza.runtime.generate.SamplingSettings;

/**
 * Parses one sampling setting for {@code evaluate --compare}: {@code greedy}, or comma-separated
 * {@code temperature=T}, {@code top-k=K}, {@code top-p=P}. What is not given is off (temperature 1, no top-k, top-p 1),
 * so a setting means exactly what it says.
 */
final class SamplingSpec {
    private SamplingSpec() {
    }

    static SamplingSettings parse(String text) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("greedy")) return SamplingSettings.GREEDY;
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
            return new SamplingSettings(false, temperature, topK, topP);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static UserError bad(String text, String why) {
        return new UserError("--compare '" + text + "': " + why
                + " (write greedy, or e.g. temperature=0.8,top-k=20 or top-p=0.9)");
    }
}
