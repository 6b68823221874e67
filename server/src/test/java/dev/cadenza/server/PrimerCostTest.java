package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.server.ServerMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** A client's primer is work the model does: it counts against the limits and cannot hold up everybody else. */
class PrimerCostTest {
    /** A real MIDI file of {@code notes} notes (a scale up and down, eighths), as base64 for a request body. */
    static String primer(int notes) {
        List<Note> list = new ArrayList<>();
        for (int i = 0; i < notes; i++) list.add(new Note(i * 0.5, 0.5, 48 + Math.abs(i % 48 - 24), 80));
        return Base64.getEncoder().encodeToString(new MidiWriter().toBytes(new Piece("primer", list, 120)));
    }

    @Test
    void primerTokensTimesCountCountAgainstTheTokenLimit() throws Exception {
        ServeSettings settings = FailureTest.small(8, 8).withLimits(20_000, 5_000, 1 << 20, Duration.ofSeconds(60));
        try (TestServer s = TestServer.start(settings)) {
            String p = primer(1000);
            HttpResponse<byte[]> one = s.post("{\"count\": 1, \"length\": 5, \"seed\": 1, \"primer\": \"" + p + "\"}");
            assertEquals(200, one.statusCode(), new String(one.body()));
            HttpResponse<byte[]> many = s.post("{\"count\": 8, \"length\": 5, \"seed\": 1, \"primer\": \"" + p + "\"}");
            assertEquals(413, many.statusCode());
            String reason = TestServer.json(many).get("error").asText();
            assertTrue(reason.startsWith("primer tokens x count"), reason);
            assertTrue(reason.contains("limit of 5000"), reason);
            assertEquals(1, s.server.metrics().count(Outcome.TOO_LARGE));
        }
    }

    @Test
    void aLongPrimerIsFedInSlicesAndAShortRequestBehindItDoesNotWaitForIt() throws Exception {
        ServeSettings settings = FailureTest.small(8, 8).withLimits(20_000, 1_000_000, 1 << 20, Duration.ofSeconds(120));
        try (TestServer s = TestServer.start(settings)) {
            String p = primer(8000);
            CompletableFuture<JsonNode> longOne = CompletableFuture.supplyAsync(() -> answer(s,
                    "{\"count\": 1, \"length\": 5, \"seed\": 1, \"primer\": \"" + p + "\"}"));
            FailureTest.await(() -> s.server.scheduler().admitted() == 1, 20_000, "the long primer to be admitted");
            JsonNode shortOne = answer(s, "{\"count\": 1, \"length\": 20, \"seconds\": 0, \"seed\": 2}");
            double waited = shortOne.get("queueMillis").asDouble();
            double primed = longOne.get().get("generateMillis").asDouble();
            // Before: the whole primer ran in one model call, and the short request queued for all of it.
            assertTrue(waited * 4 < primed, "the short request queued " + waited + " ms behind a primer fed in " + primed + " ms");
        }
    }

    private static JsonNode answer(TestServer s, String body) {
        try {
            HttpResponse<byte[]> r = s.post(body);
            if (r.statusCode() != 200) throw new AssertionError(r.statusCode() + " " + new String(r.body()));
            return TestServer.json(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
