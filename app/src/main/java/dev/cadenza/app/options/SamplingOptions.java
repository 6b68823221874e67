package dev.cadenza.app.options;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.generate.Sampling;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How tokens are chosen: {@code --sampling SPEC}, or the flags {@code --greedy}, {@code --temperature},
 * {@code --top-k}, {@code --top-p}. The flags are read as the text {@code --sampling} takes, by the same parser
 * ({@link Sampling#parse}), so both ways accept and refuse the same settings with the same words.
 */
public final class SamplingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--sampling", paramLabel = "SPEC", converter = SamplingConverter.class,
            description = "The whole setting in one: 'greedy', or comma-separated temperature=T, top-k=K, top-p=P "
                    + "(what is not given is off), e.g. temperature=0.8,top-k=20. Instead of the flags below.")
    Sampling setting;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Below 1: safer, more repetitive; above 1: bolder (default: 1.0).")
    String temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample only among the K likeliest tokens (0: off; default: 0).")
    String topK;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Sample only among the likeliest tokens that together hold this probability "
                    + "(1: off; default: 0.95).")
    String topP;

    @Option(names = "--greedy", description = "Always take the likeliest token (the tutorial's argmax; tends to loop).")
    boolean greedy;

    /** The setting asked for; {@link Sampling#DEFAULT} when none was. */
    public Sampling sampling() {
        List<String> flags = new ArrayList<>();
        if (temperature != null) flags.add("temperature=" + temperature);
        if (topK != null) flags.add("top-k=" + topK);
        if (topP != null) flags.add("top-p=" + topP);
        if ((setting != null ? 1 : 0) + (greedy ? 1 : 0) + (flags.isEmpty() ? 0 : 1) > 1) {
            throw new ParameterException(spec.commandLine(),
                    "give one of --sampling, --greedy, or --temperature/--top-k/--top-p, not several");
        }
        if (setting != null) return setting;
        if (greedy) return Sampling.GREEDY;
        if (topP == null) flags.add("top-p=" + Sampling.DEFAULT.topP());
        String text = String.join(",", flags);
        try {
            return Sampling.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--temperature/--top-k/--top-p: " + e.getMessage());
        }
    }
}
