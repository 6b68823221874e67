package dev.cadenza.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, only when a person is watching a terminal (never in pipes, logs or CI). */
final class ProgressBars {
    private ProgressBars() {
    }

    private static volatile boolean quiet;

    /** --quiet: no bars at all. */
    static void quiet(boolean value) {
        quiet = value;
    }

    static boolean interactive() {
        return !quiet && System.console() != null && System.getenv("CI") == null;
    }

    /** A bar, or null when none should be shown. */
    static ProgressBar open(String task, long total, String unit) {
        if (!interactive()) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
    }
}
