package dev.cadenza.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, only when a person is watching a terminal (never in pipes, logs or CI). */
final class ProgressBars {
    private ProgressBars() {
    }

    static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /** A bar, or null when none should be shown. */
    static ProgressBar open(String task, long total, String unit) {
        if (!interactive()) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
    }
}
