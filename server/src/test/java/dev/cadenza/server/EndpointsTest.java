package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Health, readiness, model metadata and metrics, and readiness going down when the server drains. */
class EndpointsTest {
    @Test
    void healthReadinessModelsAndMetrics() throws Exception {
        try (TestServer s = TestServer.start()) {
            assertEquals(200, s.get("/healthz").statusCode());
            HttpResponse<String> ready = s.get("/readyz");
            assertEquals(200, ready.statusCode());
            assertTrue(ready.body().contains("ready"));

            JsonNode models = TestServer.JSON.readTree(s.get("/v1/models").body());
            JsonNode m = models.get("models").get(0);
            assertEquals("default", m.get("name").asText());
            assertEquals("default.onnx", m.get("file").asText(), "the file name only, never a server path");
            assertEquals("timed", m.get("encoding").asText());
            assertTrue(m.get("vocabulary").asInt() > 4);
            assertEquals(16, models.get("server").get("maxBatch").asInt());
            assertEquals("continuous", models.get("server").get("batching").asText());

            assertEquals(200, s.post("{\"count\": 2, \"length\": 40, \"seed\": 1, \"stream\": true}").statusCode());
            assertEquals(400, s.post("{\"count\": -1}").statusCode());
            HttpResponse<String> metrics = s.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = metrics.body();
            for (String name : new String[] {"cadenza_requests_total{model=\"default\",outcome=\"ok\"} 1.0",
                    "cadenza_requests_total{model=\"default\",outcome=\"bad_request\"} 1.0", "cadenza_queue_depth",
                    "cadenza_active_rows", "cadenza_batch_rows_count", "cadenza_tokens_total",
                    "cadenza_tokens_per_second", "cadenza_step_seconds_bucket", "cadenza_first_note_seconds_count{model=\"default\"} 1",
                    "cadenza_request_seconds_count", "cadenza_process_resident_memory_bytes"}) {
                assertTrue(text.contains(name), name + " in /metrics");
            }
            double tokens = Double.parseDouble(text.lines().filter(l -> l.startsWith("cadenza_tokens_total{model=\"default\"} "))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertTrue(tokens >= 2 && tokens <= 80, "tokens counted: " + tokens);

            assertTrue(s.server.drain(Duration.ofSeconds(2)));
            assertEquals(503, s.get("/readyz").statusCode());
            assertEquals(200, s.get("/healthz").statusCode(), "alive while it drains");
            HttpResponse<byte[]> refused = s.post("{\"length\": 10}");
            assertEquals(503, refused.statusCode());
            assertTrue(TestServer.json(refused).get("error").asText().contains("shutting down"));
        }
    }
}
