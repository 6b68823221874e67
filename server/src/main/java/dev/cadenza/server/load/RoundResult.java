package dev.cadenza.server.load;

/**
 * One load-test round: a number of concurrent clients sending streaming requests until {@code requests} are done.
 *
 * @param clients                concurrent clients
 * @param batching               the server's batching (continuous or request), as {@code /v1/models} reports it
 * @param requests               requests answered (any status)
 * @param lengths                the tokens each request asked for: "T" or "MIN-MAX" (uniform)
 * @param tokens                 tokens generated in all
 * @param seconds                from the first request sent to the last answer
 * @param tokensPerSecond        tokens / seconds, served
 * @param offlineTokensPerSecond the offline batch loop (no server) at batch min(clients, max batch), same length,
 *                               same process, just before the round; 0 when not measured
 * @param offlineBatchMillis     how long that offline batch took (at one client: the same piece alone)
 * @param p50Millis              median request latency (sent to last byte)
 * @param p99Millis              99th percentile request latency
 * @param firstNoteMillis        median time from sending to the first note event
 * @param errors                 answers other than 200 and 429, and failed connections
 * @param rejected               429 answers
 * @param timeouts               requests the client gave up on (counted in errors too)
 * @param arrivals               "closed" (each client waits for its answer before the next request) or "poisson"
 *                               (open loop: requests arrive at random times, answered or not)
 * @param ratePerSecond          the open loop's mean arrival rate; 0 for a closed loop
 * @param meanInFlight           the open loop's mean number of requests in the server (total latency / duration,
 *                               Little's law): how many clients it amounts to; 0 for a closed loop
 */
public record RoundResult(int clients, String batching, int requests, String lengths, long tokens, double seconds,
                          double tokensPerSecond, double offlineTokensPerSecond, double offlineBatchMillis,
                          double p50Millis, double p99Millis, double firstNoteMillis, int errors, int rejected,
                          int timeouts, String arrivals, double ratePerSecond, double meanInFlight) {
    RoundResult openLoop(double rate, double inFlight) {
        return new RoundResult(clients, batching, requests, lengths, tokens, seconds, tokensPerSecond,
                offlineTokensPerSecond, offlineBatchMillis, p50Millis, p99Millis, firstNoteMillis, errors, rejected,
                timeouts, "poisson", rate, inFlight);
    }
}
