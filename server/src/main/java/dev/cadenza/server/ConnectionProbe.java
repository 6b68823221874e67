package dev.cadenza.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Notices a client that went away while its request waits. HTTP/1.1 gives no event for that: the server learns it
 * only by reading or writing the connection, and while a request is being handled nobody reads. So the waiting
 * thread reads, without blocking, from the connection's endpoint: end-of-stream means the client closed it. Bytes
 * would mean a pipelined next request (clients do not pipeline POSTs); they cannot be put back, so the connection
 * is then closed after this answer.
 */
final class ConnectionProbe {
    private final EndPoint endPoint;
    private final ByteBuffer scratch = BufferUtil.allocate(256);
    private boolean sawBytes;

    ConnectionProbe(HttpServletRequest request) {
        EndPoint ep = null;
        try {
            ep = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection().getEndPoint();
        } catch (RuntimeException e) {
            // Not a Jetty request (cannot happen with Javalin); then a vanished client is noticed on write only.
        }
        this.endPoint = ep;
    }

    /** True when the client has closed its side of the connection. */
    boolean clientGone() {
        if (endPoint == null) return false;
        if (!endPoint.isOpen()) return true;
        try {
            BufferUtil.clear(scratch);
            int n = endPoint.fill(scratch);
            if (n > 0) sawBytes = true;
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** The probe swallowed bytes of a next request: the connection must not be reused. */
    boolean mustClose() {
        return sawBytes;
    }

    /** Ends the connection (after an answer already sent, when the bytes were swallowed too late to say so). */
    void close() {
        if (endPoint != null) endPoint.close();
    }
}
