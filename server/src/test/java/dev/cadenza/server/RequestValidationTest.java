package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests are refused with the right status and a one-line reason, before any model work. */
class RequestValidationTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String refused(String body, int status) throws Exception {
        return refused(body, status, "application/json");
    }

    private static String refused(String body, int status, String accept) throws Exception {
        HttpResponse<byte[]> r = server.post(body, accept);
        assertEquals(status, r.statusCode(), new String(r.body()));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode j = TestServer.json(r);
        assertEquals(status, j.get("status").asInt());
        String reason = j.get("error").asText();
        assertFalse(reason.isBlank());
        assertFalse(reason.contains("\n"), "one line: " + reason);
        return reason;
    }

    @Test
    void malformedJsonIsA400NamingWhere() throws Exception {
        String reason = refused("{\"count\": 2,", 400);
        assertTrue(reason.startsWith("malformed JSON at line 1"), reason);
        assertTrue(refused("", 400).contains("empty"));
        String array = refused("[1, 2]", 400);
        assertTrue(array.contains("JSON object"), array);
        assertTrue(refused("{\"count\": 1} {\"count\": 2}", 400).startsWith("malformed JSON"));
    }

    @Test
    void aKeyIsRefusedByAModelWithoutKeyTokensAndABadKeyNameIsNamed() throws Exception {
        // The first shipped model (timed version 1) has no key tokens; the shipped one has.
        ServeSettings v1 = TestServer.settings().toBuilder().model(java.nio.file.Path.of("..", "models", "v1", "default.onnx"))
                .build();
        try (TestServer old = TestServer.start(v1)) {
            HttpResponse<byte[]> r = old.post("{\"key\": \"Am\"}", "application/json");
            assertEquals(400, r.statusCode(), new String(r.body()));
            assertTrue(TestServer.json(r).get("error").asText().startsWith("key: this model has no key tokens"));
        }
        assertTrue(refused("{\"key\": \"H\"}", 400).startsWith("key: 'H' is not a key"));
        assertTrue(refused("{\"key\": \"Am\", \"primer\": \"TVRoZA==\"}", 400).startsWith("key starts every piece"));
    }

    @Test
    void aStyleIsRefusedByAModelWithoutStyleTokens() throws Exception {
        String reason = refused("{\"style\": \"chopin\"}", 400);
        assertTrue(reason.startsWith("style: this model has no style tokens"), reason);
        assertTrue(refused("{\"style\": \"chopin\", \"primer\": \"TVRoZA==\"}", 400).startsWith("style starts every piece"));
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        String reason = refused("{\"count\": 1, \"modelPath\": \"/etc/passwd\"}", 400);
        assertTrue(reason.startsWith("unknown field 'modelPath'"), reason);
    }

    @Test
    void wrongTypesAndOutOfRangeValuesAreRefused() throws Exception {
        assertTrue(refused("{\"count\": \"2\"}", 400).contains("'count'"));
        assertTrue(refused("{\"count\": 2.5}", 400).contains("'count'"));
        assertTrue(refused("{\"count\": 0}", 400).startsWith("count must be 1..16"));
        assertTrue(refused("{\"count\": 17}", 400).startsWith("count must be 1..16"));
        assertTrue(refused("{\"length\": 0}", 400).startsWith("length must be 1..20000"));
        assertTrue(refused("{\"temperature\": 0}", 400).startsWith("temperature"));
        assertTrue(refused("{\"topP\": 1.5}", 400).startsWith("topP"));
        assertTrue(refused("{\"topK\": -1}", 400).startsWith("topK"));
        assertTrue(refused("{\"tempo\": 5}", 400).startsWith("tempo"));
        assertTrue(refused("{\"greedy\": true, \"temperature\": 0.5}", 400).startsWith("greedy"));
        assertTrue(refused("{\"name\": \"../../etc\"}", 400).startsWith("name"));
        assertTrue(refused("{\"deadlineMillis\": 0}", 400).startsWith("deadlineMillis"));
        assertTrue(refused("{\"seed\": -1}", 400).startsWith("seed must be 0 or more"));
        assertTrue(refused("{\"seconds\": -1}", 400).startsWith("seconds must be 0 (no length in music)"));
    }

    @Test
    void aPrimerThatIsNotMidiIsA400() throws Exception {
        String notMidi = Base64.getEncoder().encodeToString("just some text, not a MIDI file".getBytes());
        assertEquals("primer: not a MIDI file (no MThd header)", refused("{\"primer\": \"" + notMidi + "\"}", 400));
        assertTrue(refused("{\"primer\": \"%%% not base64\"}", 400).startsWith("primer is not valid base64"));
    }

    @Test
    void tooLargeRequestsAre413() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
        String body = refused(big, 413);
        assertTrue(body.contains("takes at most") || body.contains("limit"), body);
        String reason = refused("{\"count\": 16, \"length\": 20000}", 413);
        assertTrue(reason.startsWith("count x length = 320000 tokens"), reason);
    }

    @Test
    void midiAnswersNeedOnePiece() throws Exception {
        assertTrue(refused("{\"count\": 2}", 406, "audio/midi").contains("count must be 1"));
    }

    @Test
    void theSmallerHostileInputsAreRefused() throws Exception {
        assertEquals("field 'name' has the wrong type: 1 is not a string", refused("{\"name\": 1}", 400));
        String dup = refused("{\"count\": 1, \"count\": 9}", 400);
        assertTrue(dup.contains("Duplicate field 'count'"), dup);
        // A number too large for its field is valid JSON: named by field and range, not as malformed JSON.
        assertEquals("field 'count' is out of range: a whole number from -2147483648 to 2147483647 is expected",
                refused("{\"count\": 99999999999}", 400));
        assertEquals("field 'seed' is out of range: a whole number from -9223372036854775808 to 9223372036854775807 is "
                + "expected", refused("{\"seed\": 18446744073709551616}", 400));
        // One naming rule with generate's --name.
        assertTrue(refused("{\"name\": \"..hidden..\"}", 400).startsWith("name '..hidden..' starts with '.'"));
        assertTrue(refused("{\"name\": \"-\"}", 400).startsWith("name '-' starts with '-'"));
        for (String[] h : new String[][] {{"Content-Type", "text/plain"}, {"Content-Encoding", "gzip"}}) {
            var request = java.net.http.HttpRequest.newBuilder(server.uri("/v1/generate")).header(h[0], h[1])
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"length\": 5}")).build();
            var r = server.client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(415, r.statusCode(), h[0] + ": " + h[1]);
            assertTrue(r.body().contains("is not taken"), r.body());
        }
    }

    @Test
    void unknownEndpointsAnswerJson() throws Exception {
        HttpResponse<String> r = server.get("/v1/nothing");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("no such endpoint: GET /v1/nothing"), r.body());
    }
}
