package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.server.ServerMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** When things go wrong: a full queue, a deadline, a vanished client, a failing model call. */
class FailureTest {
    /**
     * Long enough to still be running when the test acts (tens of thousands of steps at batch 1). No length in music
     * ({@code seconds} 0): the default minute ends a piece in a few hundred milliseconds on a fast machine, and with
     * these seeds the shipped model does not end its pieces within 20,000 tokens.
     */
    static final String LONG = "{\"length\": 20000, \"seconds\": 0, \"seed\": 1";

    static void await(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    static ServeSettings small(int maxBatch, int queue) {
        return TestServer.settings().withBatch(maxBatch, queue, Batching.CONTINUOUS)
                .withLimits(40_000, 1_000_000, 64 * 1024, Duration.ofSeconds(60));
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAtOnce() throws Exception {
        try (TestServer s = TestServer.start(small(1, 1))) {
            CompletableFuture<HttpResponse<byte[]>> running = CompletableFuture.supplyAsync(() -> post(s, LONG + ", \"deadlineMillis\": 1500}"));
            await(() -> s.server.scheduler().activeRows() == 1, 5000, "the first request to run");
            CompletableFuture<HttpResponse<byte[]>> waiting = CompletableFuture.supplyAsync(() -> post(s, LONG + ", \"deadlineMillis\": 1500}"));
            await(() -> s.server.scheduler().queueDepth() == 1, 5000, "the second request to queue");
            long t0 = System.nanoTime();
            HttpResponse<byte[]> rejected = s.post("{\"length\": 10}");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(429, rejected.statusCode());
            assertEquals("1", rejected.headers().firstValue("Retry-After").orElse(""));
            assertTrue(TestServer.json(rejected).get("error").asText().startsWith("the queue is full"));
            assertTrue(millis < 1000, "429 took " + millis + " ms");
            assertTrue(List.of(200, 504).contains(running.get().statusCode()));
            assertTrue(List.of(200, 504).contains(waiting.get().statusCode()));
            assertEquals(1, s.server.metrics().count(Outcome.REJECTED));
            s.awaitNoRows(3000);
        }
    }

    @Test
    void aRequestPastItsDeadlineGets504AndItsRowsAreFreed() throws Exception {
        try (TestServer s = TestServer.start(small(4, 4))) {
            HttpResponse<byte[]> r = s.post("{\"count\": 3, \"length\": 20000, \"seconds\": 0, \"seed\": 1, \"deadlineMillis\": 150}");
            assertEquals(504, r.statusCode());
            assertTrue(TestServer.json(r).get("error").asText().startsWith("the deadline of 150 ms passed"));
            s.awaitNoRows(1000);

            // A stream that already sent notes cannot change its status: it ends with an error event instead.
            HttpResponse<byte[]> streamed = s.post("{\"length\": 20000, \"seconds\": 0, \"seed\": 1, \"deadlineMillis\": 300, \"stream\": true}");
            assertEquals(200, streamed.statusCode());
            List<JsonNode> events = GenerateTest.events(streamed);
            JsonNode last = events.get(events.size() - 1);
            assertEquals("error", last.get("event").asText());
            assertEquals(504, last.get("status").asInt());
            assertTrue(events.size() > 1, "notes came before the deadline");
            s.awaitNoRows(1000);
            assertEquals(2, s.server.metrics().count(Outcome.TIMEOUT));
        }
    }

    @Test
    void aClientThatDisconnectsHasItsRowsFreed() throws Exception {
        try (TestServer s = TestServer.start(small(4, 4))) {
            for (boolean stream : new boolean[] {false, true}) {
                String body = "{\"count\": 2, \"length\": 40000, \"seconds\": 0, \"seed\": 1" + (stream ? ", \"stream\": true" : "") + "}";
                try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    await(() -> s.server.scheduler().activeRows() == 2, 5000, "the rows to be taken");
                    if (stream) {
                        InputStream in = socket.getInputStream();
                        in.read(new byte[64]); // the stream has begun
                    }
                }
                s.awaitNoRows(2000);
            }
            assertEquals(2, s.server.metrics().count(Outcome.CANCELLED));
            HttpResponse<byte[]> after = s.post("{\"length\": 20, \"seed\": 3}");
            assertEquals(200, after.statusCode(), "the service goes on");
        }
    }

    @Test
    void aFailingModelCallFailsItsStepsRequestsAndTheServiceGoesOn() throws Exception {
        OnnxStepModel real = OnnxStepModel.open(TestServer.MODEL, OnnxOptions.of(Device.CPU, 1));
        FailingStepModel failing = new FailingStepModel(real);
        try (TestServer s = new TestServer(CadenzaServer.start(small(8, 8), failing, real.metadata()))) {
            CompletableFuture<HttpResponse<byte[]>> a = CompletableFuture.supplyAsync(() -> post(s, LONG + "}"));
            CompletableFuture<HttpResponse<byte[]>> b = CompletableFuture.supplyAsync(() -> post(s, "{\"count\": 2, \"length\": 20000, \"seconds\": 0, \"seed\": 2}"));
            await(() -> s.server.scheduler().activeRows() == 3, 5000, "both requests to run");
            failing.failNext.set(true);
            for (HttpResponse<byte[]> r : List.of(a.get(), b.get())) {
                assertEquals(500, r.statusCode());
                String reason = TestServer.json(r).get("error").asText();
                assertEquals("the model failed: ONNX Runtime failed: injected failure", reason);
            }
            s.awaitNoRows(1000);
            HttpResponse<byte[]> after = s.post("{\"count\": 2, \"length\": 50, \"seed\": 3}");
            assertEquals(200, after.statusCode(), "the service keeps serving");
            assertEquals(2, s.server.metrics().count(Outcome.ERROR));
        }
    }

    @Test
    void anErrorOnTheSchedulerFailsHealthAndReadinessAndEveryRequestGetsAJsonAnswer() throws Exception {
        OnnxStepModel real = OnnxStepModel.open(TestServer.MODEL, OnnxOptions.of(Device.CPU, 1));
        FailingStepModel failing = new FailingStepModel(real);
        try (TestServer s = new TestServer(CadenzaServer.start(small(1, 4), failing, real.metadata()))) {
            assertEquals(200, s.get("/healthz").statusCode());
            CompletableFuture<HttpResponse<byte[]>> running = CompletableFuture.supplyAsync(() -> post(s, LONG + "}"));
            await(() -> s.server.scheduler().activeRows() == 1, 5000, "the first request to run");
            CompletableFuture<HttpResponse<byte[]>> queued = CompletableFuture.supplyAsync(() -> post(s, LONG + "}"));
            await(() -> s.server.scheduler().queueDepth() == 1, 5000, "the second request to queue");
            failing.outOfMemoryNext.set(true);
            for (HttpResponse<byte[]> r : List.of(running.get(), queued.get())) {
                assertEquals(503, r.statusCode());
                assertTrue(TestServer.json(r).get("error").asText().contains("OutOfMemoryError"), new String(r.body()));
            }
            for (String path : List.of("/healthz", "/readyz")) {
                HttpResponse<String> h = s.get(path);
                assertEquals(503, h.statusCode(), path + " must not say all is well");
                assertEquals("failed", TestServer.JSON.readTree(h.body()).get("status").asText());
            }
            long t0 = System.nanoTime();
            HttpResponse<byte[]> after = s.post("{\"length\": 10}");
            assertEquals(503, after.statusCode(), "a request after the failure is refused at once, not left to its deadline");
            assertTrue(TestServer.json(after).get("error").asText().contains("scheduler failed"));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
            assertEquals(1, s.server.metrics().schedulerFailures());
            String model = s.server.modelNames().get(0);
            assertTrue(s.server.metrics().scrape().contains("cadenza_scheduler_failures_total{model=\"" + model + "\"} 1.0"));
        }
    }

    private static HttpResponse<byte[]> post(TestServer s, String body) {
        try {
            return s.post(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
