package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A beam search runs on a thread of its own with a step model of its own: the batch keeps stepping meanwhile. Before,
 * the search ran whole on the scheduler thread and every other stream stood still for it (seconds for a minute of
 * music).
 */
class BeamSearchStallTest {
    @Test
    void aSampledStreamCompletesWhileABeamSearchRuns() throws Exception {
        try (TestServer s = TestServer.start()) {
            // A minute of music (generate's default) with 8 beams: thousands of steps of 8 rows.
            CompletableFuture<HttpResponse<byte[]>> beam = CompletableFuture.supplyAsync(() -> post(s, "{\"beamSize\": 8, \"seed\": 1}"));
            FailureTest.await(() -> s.server.scheduler().admitted() == 1, 30_000, "the search to be admitted");

            // A sampled stream of 200 tokens sent once the search runs: it is admitted and answered in full (every
            // note, then its done event) before the search has decided its piece. The bound: its time in the queue
            // plus its generation is less than the search's generation, so it finished first. On the scheduler thread
            // the search held it in the queue for the search's whole time.
            HttpResponse<byte[]> sampled = post(s, "{\"length\": 200, \"seconds\": 0, \"seed\": 2, \"stream\": true}");
            assertEquals(200, sampled.statusCode());
            String[] events = new String(sampled.body()).split("\n");
            assertTrue(events.length > 10, "notes streamed: " + events.length + " events");
            assertTrue(events[events.length - 1].endsWith("\"event\":\"done\"}"), events[events.length - 1]);
            JsonNode done = TestServer.JSON.readTree(events[events.length - 1]);

            HttpResponse<byte[]> searched = beam.get();
            assertEquals(200, searched.statusCode(), new String(searched.body()));
            JsonNode answer = TestServer.json(searched);
            JsonNode piece = answer.get("pieces").get(0);
            assertTrue(piece.get("tokens").asInt() > 200, "the search made a minute of music: " + piece);
            assertFalse(piece.get("midi").asText().isEmpty());
            double sampledMillis = done.get("queueMillis").asDouble() + done.get("generateMillis").asDouble();
            double searchMillis = answer.get("generateMillis").asDouble();
            assertTrue(sampledMillis < searchMillis, "the sampled stream took " + sampledMillis
                    + " ms from its arrival, after the search started, and the search " + searchMillis + " ms");
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
