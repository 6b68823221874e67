package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.SettingException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How tokens are chosen: {@code --sampling SPEC} (the text {@code evaluate --compare} takes, read by the one parser,
 * {@link Sampling#parse}), or the flags {@code --greedy}, {@code --temperature}, {@code --top-k}, {@code --top-p}.
 * Either way the setting is checked by the one set of rules in {@link Sampling.Sampled}.
 */
public final class SamplingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--sampling", paramLabel = "SPEC",
            description = "The whole setting in one: 'greedy', or comma-separated temperature=T, top-k=K, top-p=P "
                    + "(what is not given is off), e.g. temperature=0.8,top-k=20. Instead of the flags below.")
    String setting;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Below 1: safer, more repetitive; above 1: bolder (default: 1.0; at most 100).")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample only among the K likeliest tokens (0: off; default: 0).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Sample only among the likeliest tokens that together hold this probability "
                    + "(1: off; default: 0.95).")
    Double topP;

    @Option(names = "--greedy", description = "Always take the likeliest token (the tutorial's argmax; tends to loop).")
    boolean greedy;

    /** The setting asked for; {@link Sampling#DEFAULT} when none was. */
    public Sampling sampling() {
        boolean flags = temperature != null || topK != null || topP != null;
        if ((setting != null ? 1 : 0) + (greedy ? 1 : 0) + (flags ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(),
                    "give one of --sampling, --greedy, or --temperature/--top-k/--top-p, not several");
        }
        if (setting != null) return parse("--sampling", setting);
        if (greedy) return Sampling.GREEDY;
        Sampling.Sampled d = Sampling.DEFAULT;
        try {
            return new Sampling.Sampled(temperature != null ? temperature : d.temperature(), topK != null ? topK : d.topK(),
                    topP != null ? topP : d.topP());
        } catch (SettingException e) {
            throw DecodingOptions.refusal(e);
        }
    }

    /** {@code text} read by {@link Sampling#parse}; a refusal names {@code option}. */
    public static Sampling parse(String option, String text) {
        try {
            return Sampling.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + e.getMessage());
        }
    }
}
