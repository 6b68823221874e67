package dev.cadenza.server.load;

/**
 * What one load-test request saw.
 *
 * @param status          HTTP status, or 0 when the request failed without one (connection error, client timeout)
 * @param millis          from sending to the last byte of the answer
 * @param firstNoteMillis from sending to the first note event, or -1 when none came
 * @param tokens          tokens generated for it
 * @param timedOut        the client gave up waiting
 * @param retryAfter      seconds the server asked to wait (429), or 0
 */
record RequestOutcome(int status, double millis, double firstNoteMillis, long tokens, boolean timedOut, int retryAfter) {
    boolean ok() {
        return status == 200;
    }

    boolean rejected() {
        return status == 429;
    }
}
