package dev.cadenza.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a malformed request line, a URI or headers too long, an unknown HTTP version, bad body framing,
 * a body too slow) in the service's JSON shape, {@code {"status": N, "error": "..."}}, each counted in
 * {@code cadenza_http_errors_total}: a client gets one kind of error body whatever layer refused it.
 */
final class JsonErrors extends ErrorHandler {
    private final ServerMetrics metrics;

    JsonErrors(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Errors Jetty answers while parsing, before any request object exists (400, 414, 431, 505 ...). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        metrics.httpError();
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Errors raised once a request exists (a broken body, a failure outside our endpoints). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.httpError();
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400) status = 500;
        String reason = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        byte[] bytes = body(status, reason);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    static byte[] body(int status, String reason) {
        String why = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : OrderReader.firstLine(reason);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", why);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
