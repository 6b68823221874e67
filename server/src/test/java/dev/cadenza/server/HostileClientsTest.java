package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What browsers and careless clients send the browser-facing side: asset paths climbing out with {@code ..},
 * preflights from origins not allowed, a Server-Sent Events client that never reads, and a thousand idle
 * connections. Each gets a clear answer, and the service keeps serving.
 */
class HostileClientsTest {
    @Test
    void assetPathsWithDotDotAreRefused() throws Exception {
        try (TestServer s = TestServer.start()) {
            for (String path : new String[] {"/../pom.xml", "/playground.js/../openapi.json", "/%2e%2e/%2e%2e/etc/passwd",
                    "/..%2fCadenzaServer.class", "/dev/cadenza/server/web/index.html", "/web/../../META-INF/MANIFEST.MF"}) {
                String answer = raw(s, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                int status = Integer.parseInt(answer.substring(9, 12));
                assertTrue(status == 400 || status == 404, path + " answered " + answer.lines().findFirst().orElse(""));
                assertFalse(answer.contains("Cadenza playground") || answer.contains("\"openapi\"")
                        || answer.contains("Manifest-Version") || answer.contains("<project"), path + " leaked a file: " + answer);
            }
            String dotted = raw(s, "GET /playground.js/../index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(dotted.startsWith("HTTP/1.1 400"), dotted);
            assertEquals(200, s.get("/playground.js").statusCode(), "the real asset is served");
        }
    }

    @Test
    void preflightsFromOriginsNotAllowedAreRefusedClearly() throws Exception {
        try (TestServer off = TestServer.start()) {
            HttpResponse<String> r = preflight(off, "https://elsewhere.example");
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("cross-origin requests are off") && r.body().contains("--cors-origin"), r.body());
            assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            HttpResponse<String> get = off.client.send(HttpRequest.newBuilder(off.uri("/v1/models"))
                    .header("Origin", "https://elsewhere.example").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), "served; the browser keeps it from the other page");
            assertTrue(get.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        CorsPolicy cors = new CorsPolicy(Set.of("https://app.example"));
        try (TestServer s = new TestServer(CadenzaServer.start(TestServer.settings(),
                List.of(ModelSource.of(TestServer.MODEL)), cors))) {
            HttpResponse<String> ok = preflight(s, "https://app.example");
            assertEquals(204, ok.statusCode());
            assertEquals("https://app.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(ok.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertTrue(ok.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "no credentials by default");
            HttpResponse<String> refused = preflight(s, "https://evil.example");
            assertEquals(403, refused.statusCode());
            assertEquals("origin https://evil.example is not allowed here; allowed: https://app.example",
                    TestServer.JSON.readTree(refused.body()).get("error").asText());
            HttpResponse<byte[]> post = s.client.send(HttpRequest.newBuilder(s.uri("/v1/generate"))
                    .header("Origin", "https://app.example").POST(HttpRequest.BodyPublishers.ofString("{\"length\": 5}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, post.statusCode());
            assertEquals("https://app.example", post.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    private static HttpResponse<String> preflight(TestServer s, String origin) throws Exception {
        return s.client.send(HttpRequest.newBuilder(s.uri("/v1/generate")).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anSseClientThatNeverReadsHoldsNoMoreThanItsRowsAndOnlyUntilItsDeadline() throws Exception {
        // 16 pieces of 20,000 tokens, no <end> in the first 150 s of music: far more than 4 s of work on any machine.
        ServeSettings big = TestServer.settings();
        big = big.withLimits(20_000, 1_000_000, big.maxBodyBytes(), big.deadline());
        try (TestServer s = TestServer.start(big)) {
            Socket idle = new Socket();
            idle.setReceiveBufferSize(1024);
            idle.connect(new InetSocketAddress("127.0.0.1", s.server.port()));
            String body = "{\"count\": 16, \"length\": 20000, \"seconds\": 600, \"seed\": 1, \"stream\": true, \"deadlineMillis\": 4000}";
            idle.getOutputStream().write(("POST /v1/generate HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            long until = System.currentTimeMillis() + 3_000;
            while (s.server.scheduler().activeRows() == 0 && System.currentTimeMillis() < until) Thread.sleep(10);
            assertEquals(16, s.server.scheduler().activeRows(), "the stream's rows are growing");
            // Its rows leave at its deadline though its writer may be stuck on the full socket...
            s.awaitNoRows(15_000);
            // ... and everyone else is served meanwhile.
            assertEquals(200, s.post("{\"length\": 20, \"seed\": 2}").statusCode());
            idle.close();
            long gone = System.currentTimeMillis() + 40_000;
            while (s.server.inFlight() > 0 && System.currentTimeMillis() < gone) Thread.sleep(20);
            assertEquals(0, s.server.inFlight(), "the request's thread is free once its client closed");
            assertTrue(s.get("/metrics").body().contains("outcome=\"timeout\"} 1.0"), "counted as a timeout");
        }
    }

    @Test
    void aThousandIdleConnectionsTakeNoThreadsAndTheServiceKeepsServing() throws Exception {
        try (TestServer s = TestServer.start()) {
            int before = httpThreads();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket c = new Socket("127.0.0.1", s.server.port());
                    // Half only connect, as a browser's spare connection; half stop in the middle of a request.
                    if (i % 2 == 1) c.getOutputStream().write("GET /v1/models HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    idle.add(c);
                }
                long t = System.nanoTime();
                assertEquals(200, s.get("/healthz").statusCode());
                HttpResponse<byte[]> r = s.post("{\"length\": 20, \"seed\": 3}");
                assertEquals(200, r.statusCode());
                assertTrue(System.nanoTime() - t < 10_000_000_000L, "served promptly beside 1,000 idle connections");
                int after = httpThreads();
                // The pool grows a little while it accepts the burst (those threads expire when idle); a thread per
                // connection would be 1,000 more.
                assertTrue(after - before < 250, "idle connections hold no threads: " + before + " -> " + after);
            } finally {
                for (Socket c : idle) c.close();
            }
            assertEquals(200, s.get("/readyz").statusCode());
        }
    }

    private static int httpThreads() {
        int n = 0;
        for (var info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("cadenza-http")) n++;
        }
        return n;
    }

    /** Sends {@code request} as it is (no client normalises the path) and reads the whole answer. */
    private static String raw(TestServer s, String request) throws IOException {
        try (Socket c = new Socket("127.0.0.1", s.server.port())) {
            c.setSoTimeout(10_000);
            OutputStream out = c.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = c.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
