package dev.cadenza.exporter;

import java.util.List;

/**
 * How close a quantised model comes to its float original on validation windows. Quantisation cannot match to
 * 1e-4 like the float files do, so its test is what a listener would notice: the likelihood of the real next token
 * (NLL per token) and the most likely next token (top-1 agreement).
 *
 * @param windows             number of windows compared
 * @param steps               tokens per window
 * @param maxRelativeNll      largest |NLL(int8) / NLL(fp32) - 1| that passes (0.01: within 1 %)
 * @param minTopOneAgreement  smallest share of steps whose most likely token is the same that passes (0.98)
 */
public record QualityReport(int windows, int steps, double maxRelativeNll, double minTopOneAgreement, List<Row> rows) {
    /**
     * One way of running the quantised file against the float one.
     *
     * @param nllReference mean negative log-likelihood of the real next token, float model, nats per token
     * @param nll          the same for the quantised model
     * @param agreement    share of steps whose argmax is the same in both
     * @param tokens       predicted tokens the NLL is averaged over
     */
    public record Row(String how, double nllReference, double nll, double agreement, long tokens) {
        public double relativeNll() {
            return nll / nllReference - 1;
        }
    }

    public QualityReport {
        rows = List.copyOf(rows);
    }

    public boolean passes(Row r) {
        // NaN fails both comparisons, as it should
        return Math.abs(r.relativeNll()) <= maxRelativeNll && r.agreement() >= minTopOneAgreement;
    }

    public boolean passed() {
        return rows.stream().allMatch(this::passes);
    }

    /** The row furthest from passing, for one-line messages. */
    public Row worst() {
        Row worst = rows.get(0);
        for (Row r : rows) {
            if (!passes(r) || Math.abs(r.relativeNll()) > Math.abs(worst.relativeNll())) worst = r;
            if (!passes(r)) break;
        }
        return worst;
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("int8 quality on %d windows x %d steps (NLL within %.1f %%, top-1 agreement >= %.1f %%)%n",
                windows, steps, 100 * maxRelativeNll, 100 * minTopOneAgreement));
        for (Row r : rows) {
            out.append(String.format("  %-34s NLL %.4f vs fp32 %.4f (%+.3f %%)  top-1 agreement %.2f %% of %,d  %s%n", r.how(), r.nll(),
                    r.nllReference(), 100 * r.relativeNll(), 100 * r.agreement(), r.tokens(), passes(r) ? "ok" : "FAIL"));
        }
        return out.toString();
    }
}
