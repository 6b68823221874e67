package dev.cadenza.server.load;

import java.util.List;

/**
 * An overload soak: more clients than the server has rows and queue places, for a fixed time. Clients that get 429
 * wait the Retry-After the server names, then try again.
 *
 * @param clients         concurrent clients
 * @param seconds         how long it ran, warm-up included
 * @param warmupSeconds   the first part, left out of the memory growth
 * @param ok              requests answered 200
 * @param rejected        429 answers
 * @param errors          any other answer or failure (timeouts included)
 * @param timeouts        requests the client gave up on
 * @param p50Millis       median latency of the answered requests
 * @param p99Millis       99th percentile latency of the answered requests
 * @param rssMiB          the server's resident memory, sampled every 10 s from its /metrics
 * @param rssGrowthPercent last sample against the first one taken after the warm-up
 */
public record SoakResult(int clients, double seconds, long warmupSeconds, int ok, int rejected, int errors, int timeouts, double p50Millis,
                         double p99Millis, List<Double> rssMiB, double rssGrowthPercent) {
}
