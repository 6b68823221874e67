package dev.cadenza.app;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, only when a person is watching a terminal (never in pipes, logs or CI). */
public final class ProgressBars {
    private ProgressBars() {
    }

    private static volatile boolean quiet;

    /** --quiet: no bars at all. */
    public static void quiet(boolean value) {
        quiet = value;
    }

    /** Whether --quiet was given: notes that are not results are left out too. */
    public static boolean isQuiet() {
        return quiet;
    }

    public static boolean interactive() {
        return !quiet && System.console() != null && System.getenv("CI") == null;
    }

    /** A bar, or null when none should be shown. */
    public static ProgressBar open(String task, long total, String unit) {
        if (!interactive()) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed(new java.text.DecimalFormat("0.0")) /* "0.7 batches/s", not ".7" */.continuousUpdate().build();
    }

    /**
     * A bar over the named stages of a job whose parts have no finer count (export's checks, evaluate's sets), so a
     * person sees which stage runs and for how long. Without a terminal it does nothing.
     */
    public static Stages stages(String task, int total) {
        return new Stages(interactive() ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null);
    }

    /** The bar of {@link #stages}; safe to use when no bar is shown. */
    public static final class Stages implements AutoCloseable {
        private final ProgressBar bar;

        private Stages(ProgressBar bar) {
            this.bar = bar;
        }

        /** The stage now starting (shown beside the bar). */
        public void begin(String stage) {
            if (bar != null) bar.setExtraMessage(stage);
        }

        /** One stage done. */
        public void done() {
            if (bar != null) bar.step();
        }

        /** Grow the total when a job learns it has more stages than it first said. */
        public void total(int total) {
            if (bar != null) bar.maxHint(total);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }
}
