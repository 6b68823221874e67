package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Continuous batching lets a short request join and leave while a long one runs; request-level makes it wait. */
class BatchingPolicyTest {
    private static JsonNode shortAfterLong(Batching batching) throws Exception {
        ServeSettings settings = TestServer.settings().withBatch(4, 4, batching)
                .withLimits(40_000, 1_000_000, 64 * 1024, Duration.ofSeconds(60));
        try (TestServer s = TestServer.start(settings)) {
            CompletableFuture<HttpResponse<byte[]>> longOne = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.post("{\"length\": 3000, \"seconds\": 0, \"seed\": 1}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FailureTest.await(() -> s.server.scheduler().activeRows() == 1, 5000, "the long request to run");
            HttpResponse<byte[]> shortOne = s.post("{\"length\": 20, \"seed\": 2}");
            assertEquals(200, shortOne.statusCode());
            boolean longStillRunning = !longOne.isDone();
            assertEquals(200, longOne.get().statusCode());
            JsonNode answer = TestServer.json(shortOne);
            var a = (com.fasterxml.jackson.databind.node.ObjectNode) answer;
            a.put("longStillRunning", longStillRunning);
            a.put("longGenerateMillis", TestServer.json(longOne.get()).get("generateMillis").asDouble());
            return answer;
        }
    }

    @Test
    void continuousBatchingAdmitsAtTheNextStep() throws Exception {
        JsonNode a = shortAfterLong(Batching.CONTINUOUS);
        assertTrue(a.get("longStillRunning").asBoolean(), "the short request finished while the long one ran");
        assertTrue(a.get("queueMillis").asDouble() < 0.5 * a.get("longGenerateMillis").asDouble(),
                "joined at once: queued " + a.get("queueMillis") + " ms while the long one took " + a.get("longGenerateMillis"));
    }

    @Test
    void requestLevelBatchingWaitsForAnEmptyBatch() throws Exception {
        JsonNode a = shortAfterLong(Batching.REQUEST);
        // Server-side times: the client may see the long answer after the short one (it is bigger to write).
        assertTrue(a.get("queueMillis").asDouble() > 0.5 * a.get("longGenerateMillis").asDouble(),
                "the short request waited for the batch to empty: queued " + a.get("queueMillis") + " ms, the long one took "
                        + a.get("longGenerateMillis"));
    }
}
