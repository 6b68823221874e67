package dev.cadenza.server;

import java.time.Duration;

/**
 * How long and how slowly a client may send, and how many request bodies are read at once: the limits that keep slow
 * or stalled clients from holding the HTTP threads that health checks and other requests need.
 *
 * @param headerTimeout     a new connection must have sent a whole request head within this; else it is closed
 * @param idleTimeout       a connection silent this long is closed (a body that stops mid-way gets 408)
 * @param minBodyBytesPerSecond a request body slower than this on average is refused with 408
 * @param bodyReaders       request bodies read at the same time; one more is answered 503 at once, unread
 */
public record HttpLimits(Duration headerTimeout, Duration idleTimeout, long minBodyBytesPerSecond, int bodyReaders) {
    /** A 1 MiB body at the minimum rate takes about a minute; a phone on a bad line sends far faster than that. */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 16 * 1024, 32);

    public HttpLimits {
        if (bodyReaders < 1) throw new IllegalArgumentException("bodyReaders must be at least 1, got " + bodyReaders);
    }
}
