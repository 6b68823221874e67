package dev.cadenza.runtime.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ports of every Cadenza model graph and the shapes its metadata implies, with the one check that the exporter's
 * file check and the runtime's loader both run, so they cannot disagree on what a model looks like.
 *
 * <pre>
 *   inputs:  tokens int64 [batch, steps]         h, c float [layers, batch, hidden]
 *   outputs: probs  float [batch, steps, vocab]  h_out, c_out float [layers, batch, hidden]
 * </pre>
 *
 * {@code steps} is 1 in the portable variant. Batch and steps are symbolic; layers, hidden and vocab are fixed.
 */
public final class ModelSignature {
    public static final String TOKENS = "tokens";
    public static final String H = "h";
    public static final String C = "c";
    public static final String PROBS = "probs";
    public static final String H_OUT = "h_out";
    public static final String C_OUT = "c_out";
    public static final List<String> INPUTS = List.of(TOKENS, H, C);
    public static final List<String> OUTPUTS = List.of(PROBS, H_OUT, C_OUT);

    /** A dimension a graph leaves open (batch, steps), in the shapes {@link #problems} takes. */
    public static final long ANY = -1;

    private ModelSignature() {
    }

    /** The state shape {@code [layers, batch, hidden]} of {@code m}, with the batch open. */
    public static long[] stateShape(ModelMetadata m) {
        return new long[] {m.layers(), ANY, m.hidden()};
    }

    /** The probabilities' shape {@code [batch, steps, vocab]} of {@code m}, batch and steps open. */
    public static long[] probsShape(ModelMetadata m) {
        return new long[] {ANY, ANY, m.vocabulary().size()};
    }

    /**
     * Whether a graph's ports fit {@code m}: every port present, the states and probabilities shaped as the metadata
     * says. The state buffers are sized by the metadata, so the graph must fix the same numbers, not leave them open.
     *
     * @param inputs  the graph's inputs by name, open dimensions as {@link #ANY}
     * @param outputs the graph's outputs likewise
     * @return one line per disagreement; empty when the graph fits
     */
    public static List<String> problems(ModelMetadata m, Map<String, long[]> inputs, Map<String, long[]> outputs) {
        List<String> problems = new ArrayList<>();
        for (String name : INPUTS) {
            if (!inputs.containsKey(name)) problems.add("the graph has no input '" + name + "' (has " + inputs.keySet() + ")");
        }
        for (String name : OUTPUTS) {
            if (!outputs.containsKey(name)) problems.add("the graph has no output '" + name + "' (has " + outputs.keySet() + ")");
        }
        expect("input", H, inputs.get(H), stateShape(m), problems);
        expect("input", C, inputs.get(C), stateShape(m), problems);
        expect("output", PROBS, outputs.get(PROBS), probsShape(m), problems);
        return problems;
    }

    private static void expect(String kind, String name, long[] got, long[] want, List<String> problems) {
        if (got == null) return; // reported as missing
        boolean ok = got.length == want.length;
        for (int i = 0; ok && i < want.length; i++) ok = want[i] == ANY || want[i] == got[i];
        if (!ok) {
            problems.add(kind + " '" + name + "' has shape " + describe(got) + " but the metadata implies " + describe(want));
        }
    }

    private static String describe(long[] dims) {
        return Arrays.stream(dims).mapToObj(d -> d == ANY ? "?" : Long.toString(d)).toList().toString();
    }
}
