package dev.cadenza.cli.report;

import java.util.Locale;

/** Number formatting shared by the text and Markdown tables, and JSON numbers that may be undefined. */
final class Numbers {
    private Numbers() {
    }

    /** A fixed-point number, or "-" when undefined (e.g. an intra-set distance of a one-piece set). */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) return "-";
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Mean plus or minus spread. */
    static String meanStd(double mean, double std, int decimals) {
        if (Double.isNaN(mean)) return "-";
        return fixed(mean, decimals) + " ± " + fixed(std, decimals);
    }

    /** JSON has no NaN: undefined values become null. */
    static Double json(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
