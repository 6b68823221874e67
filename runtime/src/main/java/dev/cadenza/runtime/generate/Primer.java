package dev.cadenza.runtime.generate;

import java.util.Map;

/**
 * What a piece starts from, as ids of the model's vocabulary.
 *
 * @param ids          the tokens fed before generation starts (at least START)
 * @param replacements tokens the model never saw, each with the known token that stood in for it
 * @param source       where it came from, for reports: {@code start}, a file name, or {@code file@offset}
 */
public record Primer(int[] ids, Map<String, String> replacements, String source) {
    public Primer {
        if (ids.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
        replacements = Map.copyOf(replacements);
    }
}
