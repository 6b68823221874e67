package dev.cadenza.runtime.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A whole decoding setting in one value: how tokens are drawn ({@link Sampling}), whether a beam search runs over the
 * draws ({@link BeamSearch}), and the no-repeat n-gram rule. The text form extends {@link Sampling}'s with three keys:
 * {@code beam=B,branch=F,steps=K}, {@code no-repeat=N} and {@code key-strength=S}, e.g.
 * {@code top-p=0.95,beam=4,branch=4,steps=8}, {@code top-p=0.95,no-repeat=8} or {@code top-p=0.95,key-strength=2};
 * what is not given is off.
 *
 * @param sampling      how each token is drawn
 * @param beam          the search over draws ({@link BeamSearch#NONE}: none)
 * @param noRepeatNgram the no-repeat n-gram size (0: off)
 * @param keyStrength   logit bias against notes outside the piece's key ({@link KeyBias}; 0: off)
 */
public record Decoding(Sampling sampling, BeamSearch beam, int noRepeatNgram, double keyStrength) {
    public Decoding {
        KeyBias.check(keyStrength);
        if (sampling == null) throw new IllegalArgumentException("sampling is required");
        if (beam == null) beam = BeamSearch.NONE;
        if (noRepeatNgram != 0 && (noRepeatNgram < 2 || noRepeatNgram > RowRequest.MAX_NO_REPEAT_NGRAM)) {
            throw new IllegalArgumentException("no-repeat must be 2.." + RowRequest.MAX_NO_REPEAT_NGRAM + " (0: off), got "
                    + noRepeatNgram);
        }
    }

    /** A setting without key steering. */
    public Decoding(Sampling sampling, BeamSearch beam, int noRepeatNgram) {
        this(sampling, beam, noRepeatNgram, 0);
    }

    /** Plain sampling with {@code sampling}. */
    public static Decoding of(Sampling sampling) {
        return new Decoding(sampling, BeamSearch.NONE, 0);
    }

    /** The decoder this setting needs: the beam search, or plain sampling. */
    public Decoder decoder() {
        return beam.isSearch() ? new BeamSearchDecoder(beam) : new SamplingDecoder();
    }

    /** The text form, which {@link #parse} reads back to an equal value. */
    public String describe() {
        StringBuilder s = new StringBuilder(sampling.describe());
        if (beam.isSearch()) s.append(", ").append(beam.describe());
        if (noRepeatNgram > 0) s.append(", no-repeat=").append(noRepeatNgram);
        if (keyStrength > 0) s.append(", key-strength=").append(new java.math.BigDecimal(Double.toString(keyStrength)).stripTrailingZeros().toPlainString());
        return s.toString();
    }

    /**
     * Reads the text form: {@link Sampling#parse}'s keys plus {@code beam}, {@code branch}, {@code steps} and
     * {@code no-repeat}. Without sampling keys the draw is plain (temperature 1, no top-k, no top-p).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Decoding parse(String text) {
        List<String> rest = new ArrayList<>();
        int beam = 1;
        int branch = 1;
        int steps = 1;
        int noRepeat = 0;
        double keyStrength = 0;
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            boolean ours = key.equals("beam") || key.equals("branch") || key.equals("steps") || key.equals("no-repeat");
            if (key.equals("key-strength") && kv.length == 2) {
                try {
                    keyStrength = Double.parseDouble(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw bad(text, "'" + kv[1].trim() + "' is not a number");
                }
                continue;
            }
            if (!ours || kv.length != 2) {
                rest.add(part);
                continue;
            }
            int value;
            try {
                value = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw bad(text, "'" + kv[1].trim() + "' is not a whole number");
            }
            switch (key) {
                case "beam" -> beam = value;
                case "branch" -> branch = value;
                case "steps" -> steps = value;
                default -> noRepeat = value;
            }
        }
        Sampling sampling = rest.isEmpty() ? new Sampling.Sampled(1.0, 0, 1.0) : Sampling.parse(String.join(",", rest));
        try {
            return new Decoding(sampling, new BeamSearch(beam, branch, steps), noRepeat, keyStrength);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "': " + why
                + " (e.g. top-p=0.95,beam=4,branch=4,steps=8 or top-p=0.95,no-repeat=8)");
    }
}
