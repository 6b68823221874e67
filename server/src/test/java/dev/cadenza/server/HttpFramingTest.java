package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Requests broken at the HTTP level get an HTTP error with a JSON body, and every one is counted. */
class HttpFramingTest {
    static final String BODY = "{\"length\": 5, \"seed\": 1}";

    static String post(String headers, String body) {
        return "POST /v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body;
    }

    static JsonNode json(RawHttp.Answer a) throws Exception {
        assertTrue(a.header("content-type") != null && a.header("content-type").startsWith("application/json"),
                "status " + a.status() + " came as " + a.header("content-type") + ": " + a.text());
        JsonNode n = TestServer.JSON.readTree(a.body());
        assertEquals(a.status(), n.get("status").asInt());
        assertTrue(n.get("error").asText().length() > 0);
        return n;
    }

    @Test
    void badBodyFramingIsA400OrA408WithAJsonBodyAndCounted() throws Exception {
        HttpLimits quick = new HttpLimits(Duration.ofSeconds(10), Duration.ofMillis(800), 1024, 8);
        try (TestServer s = new TestServer(CadenzaServer.start(FailureTest.small(2, 2), quick))) {
            List<String> broken = List.of(
                    post("Transfer-Encoding: chunked\r\n", "ZZ\r\n" + BODY + "\r\n0\r\n\r\n"),
                    post("Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFF\r\n" + BODY + "\r\n0\r\n\r\n"),
                    post("Transfer-Encoding: chunked\r\n", "40\r\n" + BODY + "\r\n0\r\n\r\n"), // a short chunk
                    post("Content-Length: " + (BODY.length() + 50) + "\r\n", BODY)); // fewer bytes than declared
            double before = s.server.metrics().httpErrors() + s.server.metrics().count(ServerMetrics.Outcome.BAD_REQUEST);
            for (String request : broken) {
                RawHttp.Exchange x = RawHttp.send(s.server.port(), request, 1, 5000);
                RawHttp.Answer a = x.first();
                assertTrue(List.of(400, 408).contains(a.status()), a.status() + " " + a.text() + " for " + request);
                json(a);
            }
            double after = s.server.metrics().httpErrors() + s.server.metrics().count(ServerMetrics.Outcome.BAD_REQUEST);
            assertEquals(broken.size(), after - before, "every refusal is counted");
            assertEquals(200, s.get("/healthz").statusCode());
        }
    }

    @Test
    void jettysOwnRefusalsAreJsonAndCounted() throws Exception {
        try (TestServer s = TestServer.start(FailureTest.small(2, 2))) {
            String longUri = "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
            String longHeader = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n";
            String version = "GET /healthz HTTP/7.3\r\nHost: x\r\n\r\n";
            String garbage = "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n";
            List<int[]> expected = List.of(new int[] {414}, new int[] {431}, new int[] {505, 400}, new int[] {400});
            List<String> requests = List.of(longUri, longHeader, version, garbage);
            for (int i = 0; i < requests.size(); i++) {
                RawHttp.Answer a = RawHttp.send(s.server.port(), requests.get(i), 1, 5000).first();
                boolean known = false;
                for (int code : expected.get(i)) known |= a.status() == code;
                assertTrue(known, "request " + i + " got " + a.status());
                json(a);
            }
            assertEquals(requests.size(), s.server.metrics().httpErrors());
            assertTrue(s.server.metrics().scrape().contains("cadenza_http_errors_total{model=\"" + s.server.modelNames().get(0) + "\"} "
                    + requests.size() + ".0"), "refused before a model is chosen: counted as the default model's");
        }
    }
}
