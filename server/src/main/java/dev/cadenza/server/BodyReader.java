package dev.cadenza.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads request bodies for every endpoint that takes one (generate, render, pianoroll), under the limits on slow and
 * many clients: a body is read before the server knows which model it names, so this one reader, and its bound on
 * bodies read at once, serves the whole process.
 */
final class BodyReader {
    /** A body's first second is never judged by its rate: small bodies often trail their headers by a few ms. */
    private static final long RATE_GRACE_NANOS = 1_000_000_000L;

    private final long maxBodyBytes;
    private final long minBodyBytesPerSecond;
    /** Threads reading a body now: bounded, so that slow bodies cannot take every thread (see {@link HttpLimits}). */
    private final Semaphore bodyReaders;

    BodyReader(long maxBodyBytes, HttpLimits limits) {
        this.maxBodyBytes = maxBodyBytes;
        this.minBodyBytesPerSecond = limits.minBodyBytesPerSecond();
        this.bodyReaders = new Semaphore(limits.bodyReaders());
    }

    /** Bodies up to this many times the limit are read to their end before the 413 (see {@link #readNow}). */
    private static final long DRAIN_LIMIT_FACTOR = 16;

    /**
     * Reads up to {@code limit} bytes, refusing (408) a body that averages less than the minimum rate after its first
     * second: a client sending a byte every few seconds is never idle, and would hold this thread for hours. (Jetty's
     * own minimum data rate judges from the first millisecond, so it refused small bodies that trailed their headers.)
     */
    private byte[] readPaced(InputStream in, int limit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        long start = System.nanoTime();
        while (out.size() < limit) {
            int n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()));
            if (n < 0) break;
            out.write(buffer, 0, n);
            long elapsed = System.nanoTime() - start;
            if (minBodyBytesPerSecond > 0 && elapsed > RATE_GRACE_NANOS
                    && out.size() < minBodyBytesPerSecond * (elapsed / 1e9)) {
                throw new HttpProblem(408, "the request body came too slowly: " + out.size() + " bytes in "
                        + elapsed / 1_000_000 + " ms, less than " + minBodyBytesPerSecond + " bytes/s").closing();
            }
        }
        return out.toByteArray();
    }

    /** Reads and drops up to {@code limit} bytes, stopping early at the end of the body. */
    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = limit; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) return;
            left -= n;
        }
    }

    /**
     * The request's body, whole: at most {@link HttpLimits#bodyReaders()} bodies at once (503 unread beyond), each at
     * a minimum pace (408), at most the body limit (413); broken framing is 400. Every refusal but 413 ends the
     * connection (413 does so in the Routes).
     */
    byte[] read(HttpServletRequest req) {
        if (!bodyReaders.tryAcquire()) {
            throw new HttpProblem(503, "too many request bodies are being read at once; retry later", 1).closing();
        }
        try {
            return readNow(req);
        } catch (IOException e) {
            // A broken body (bad chunk framing, fewer bytes than Content-Length, too slow): the client's fault, and the
            // connection cannot carry another request.
            throw bodyProblem(e).closing();
        } catch (RuntimeException e) {
            // Jetty reports some body failures unchecked (an HttpException with its status).
            if (!(e instanceof org.eclipse.jetty.http.HttpException h)) throw e;
            int code = h.getCode() == 408 ? 408 : 400;
            throw new HttpProblem(code, (code == 408 ? "the request body came too slowly: " : "the request body is broken: ")
                    + OrderReader.firstLine(e.getMessage())).closing();
        } finally {
            bodyReaders.release();
        }
    }

    private static HttpProblem bodyProblem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 408) {
                return new HttpProblem(408, "the request body came too slowly or stopped: " + OrderReader.firstLine(t.getMessage()));
            }
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        String why = OrderReader.firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
        return new HttpProblem(400, "the request body is broken: " + why);
    }

    private byte[] readNow(HttpServletRequest req) throws IOException {
        long max = maxBodyBytes;
        long declared = req.getContentLengthLong();
        try (InputStream in = req.getInputStream()) {
            if (declared > max) {
                // Read a moderately large body to its end before answering: a socket closed with unread bytes resets
                // the connection, and the client would see a broken connection instead of the 413. A huge body is
                // not worth reading; its sender gets the reset.
                if (declared <= DRAIN_LIMIT_FACTOR * max) drain(in, declared);
                throw new HttpProblem(413, "the body is " + declared + " bytes; this server takes at most " + max);
            }
            byte[] body = readPaced(in, (int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                drain(in, DRAIN_LIMIT_FACTOR * max);
                throw new HttpProblem(413, "the body is over " + max + " bytes, this server's limit");
            }
            return body;
        }
    }
}
