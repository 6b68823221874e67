package dev.cadenza.exporter;

import java.util.List;
import java.util.Map;

/**
 * What one export's parity check measured: for each pair of backends, the largest absolute difference between
 * their next-token probabilities over every step of every window.
 *
 * @param windows   number of windows compared
 * @param steps     tokens per window
 * @param tolerance the largest difference that passes
 * @param seconds   wall-clock time each part of the check took, in the order they ran
 */
public record ParityReport(int windows, int steps, double tolerance, List<Pair> pairs, Map<String, Double> seconds) {
    /** One comparison: {@code left} and {@code right} name how the probabilities were computed. */
    public record Pair(String left, String right, double maxAbsDifference) {
        public boolean passes(double tolerance) {
            return maxAbsDifference <= tolerance; // NaN fails, as it should
        }
    }

    public ParityReport {
        pairs = List.copyOf(pairs);
        seconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(seconds));
    }

    public boolean passed() {
        return pairs.stream().allMatch(p -> p.passes(tolerance));
    }

    public double maxDifference() {
        return pairs.stream().mapToDouble(Pair::maxAbsDifference).max().orElse(0);
    }

    /** One line per pair, aligned, with PASS/FAIL. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("parity on %d windows x %d steps (tolerance %.0e)%n", windows, steps, tolerance));
        for (Pair p : pairs) {
            out.append(String.format("  %-28s vs %-28s max |diff| %.3e  %s%n", p.left(), p.right(), p.maxAbsDifference(),
                    p.passes(tolerance) ? "ok" : "FAIL"));
        }
        if (!seconds.isEmpty()) {
            out.append("  time:");
            String sep = " ";
            for (Map.Entry<String, Double> e : seconds.entrySet()) {
                out.append(String.format("%s%s %.1f s", sep, e.getKey(), e.getValue()));
                sep = ", ";
            }
            out.append(String.format("%n"));
        }
        return out.toString();
    }
}
