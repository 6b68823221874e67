package dev.cadenza.server;

/**
 * A request the server answers with an error status and a one-line reason, as {@code {"status":N,"error":"..."}}.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final int retryAfterSeconds;

    public HttpProblem(int status, String reason) {
        this(status, reason, 0);
    }

    public HttpProblem(int status, String reason, int retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same problem, answered with {@code Connection: close}: the request's body was not (wholly) read. */
    public HttpProblem closing() {
        HttpProblem p = new HttpProblem(status, getMessage(), retryAfterSeconds);
        p.closes = true;
        return p;
    }

    private boolean closes;

    public boolean closes() {
        return closes;
    }

    public static HttpProblem badRequest(String reason) {
        return new HttpProblem(400, reason);
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
