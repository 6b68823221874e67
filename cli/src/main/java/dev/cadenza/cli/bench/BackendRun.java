package dev.cadenza.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One backend's results: either measured, or unavailable with the reason.
 *
 * @param timeToFirstTokenMs model load plus the first one-step call at batch 1, from a cold start of this backend
 * @param peakHeapMiB        Java heap peak while this backend ran
 * @param rssMiB             process resident memory after this backend ran (native memory included)
 */
record BackendRun(String name, String unavailable, double timeToFirstTokenMs, double peakHeapMiB, double rssMiB,
                  List<StepTiming.Result> results) {
    static BackendRun unavailable(String name, String reason) {
        return new BackendRun(name, reason, Double.NaN, Double.NaN, Double.NaN, List.of());
    }

    static BackendRun measured(String name, double ttft, double heap, double rss, List<StepTiming.Result> results) {
        return new BackendRun(name, null, ttft, heap, rss, new ArrayList<>(results));
    }

    boolean available() {
        return unavailable == null;
    }

    StepTiming.Result at(int batch) {
        for (StepTiming.Result r : results) if (r.batch() == batch) return r;
        return null;
    }
}
