package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The API as other tools meet it: the OpenAPI document against the real reader and routes, field aliases, one
 * naming style, generate's defaults, several models in one process, and Server-Sent Events beside NDJSON.
 */
class ApiFrontTest {
    private static final Path V1 = Path.of("..", "models", "v1", "default.onnx");

    @Test
    void theOpenApiDocumentListsExactlyTheFieldsTheReaderTakesAndTheRoutesThereAre() throws Exception {
        try (TestServer s = TestServer.start()) {
            HttpResponse<String> r = s.get("/openapi.json");
            assertEquals(200, r.statusCode());
            JsonNode doc = TestServer.JSON.readTree(r.body());
            assertTrue(doc.get("openapi").asText().startsWith("3."));
            JsonNode properties = doc.at("/components/schemas/GenerateRequest/properties");
            TreeSet<String> documented = new TreeSet<>();
            properties.fieldNames().forEachRemaining(documented::add);
            assertEquals(RequestFields.names(), documented, "documented request fields = the fields the reader takes");

            // Each documented field, with its documented example, is taken by the reader of the running server.
            for (String field : documented) {
                JsonNode example = properties.get(field).get("example");
                if (example == null) continue; // primer: a MIDI file, tested in GenerateTest
                ObjectNode body = TestServer.JSON.createObjectNode().put("length", 5);
                body.set(field, example);
                HttpResponse<byte[]> answer = s.post(body.toString());
                assertEquals(200, answer.statusCode(), field + ": " + new String(answer.body()));
            }
            // Each documented path answers its documented method (never 404 or 405).
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                    String method = m.next().toUpperCase();
                    HttpRequest.Builder req = HttpRequest.newBuilder(s.uri(path.getKey())).timeout(Duration.ofSeconds(60));
                    req = method.equals("GET") ? req.GET() : req.POST(HttpRequest.BodyPublishers.ofString("{}"));
                    int status = s.client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertTrue(status != 404 && status != 405, method + " " + path.getKey() + " answered " + status);
                }
            }
            assertTrue(new String(s.post("{\"tokens\": 3}").body()).contains("max_tokens"),
                    "the unknown-field error lists the accepted names, aliases included");
        }
    }

    @Test
    void namesFromOtherApisAreAliasesAndEveryNameWeWriteIsCamelCase() throws Exception {
        try (TestServer s = TestServer.start()) {
            HttpResponse<byte[]> aliased = s.post("{\"max_tokens\": 30, \"top_p\": 0.9, \"top_k\": 12, \"seed\": 3, \"model\": \"default\"}");
            HttpResponse<byte[]> ours = s.post("{\"length\": 30, \"topP\": 0.9, \"topK\": 12, \"seed\": 3}");
            assertEquals(200, aliased.statusCode(), new String(aliased.body()));
            JsonNode a = TestServer.json(aliased);
            assertEquals(TestServer.json(ours).get("pieces"), a.get("pieces"));
            assertEquals("temperature=1.0, top-k=12, top-p=0.9", a.get("sampling").asText());

            List<JsonNode> written = new ArrayList<>();
            written.add(a);
            written.add(TestServer.JSON.readTree(s.get("/v1/models").body()));
            written.add(TestServer.json(s.post("{\"count\": 0}")));
            for (String line : new String(s.post("{\"length\": 40, \"seed\": 2, \"stream\": true}").body()).split("\n")) {
                written.add(TestServer.JSON.readTree(line));
            }
            for (JsonNode n : written) camelCase(n, "");
        }
    }

    private static void camelCase(JsonNode node, String where) {
        if (node.isArray()) {
            for (JsonNode e : node) camelCase(e, where + "[]");
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (where.isEmpty() && e.getKey().equals("replacements")) continue; // token to token: data, not names
                assertTrue(e.getKey().matches("[a-z][a-zA-Z0-9]*"), "camelCase: " + where + "." + e.getKey());
                camelCase(e.getValue(), where + "." + e.getKey());
            }
        }
    }

    @Test
    void withoutALengthAPieceIsAMinuteOfMusicAsGenerateMakes() throws Exception {
        try (TestServer s = TestServer.start()) {
            JsonNode piece = TestServer.json(s.post("{\"seed\": 11}")).get("pieces").get(0);
            assertTrue(piece.get("ended").asBoolean() || piece.get("seconds").asDouble() >= 59,
                    "a minute of music (or the model's own end), not the old 500-token cap: " + piece);
            assertTrue(piece.get("tokens").asInt() > 500 || piece.get("ended").asBoolean(), piece.toString());
        }
    }

    @Test
    void severalModelsEachWithItsOwnBatchChosenByName() throws Exception {
        List<ModelSource> sources = List.of(new ModelSource("default", TestServer.MODEL), new ModelSource("old", V1));
        try (TestServer s = new TestServer(CadenzaServer.start(TestServer.settings(), sources, CorsPolicy.OFF))) {
            JsonNode listed = TestServer.JSON.readTree(s.get("/v1/models").body());
            assertEquals("default", listed.get("defaultModel").asText());
            assertEquals("default", listed.get("models").get(0).get("name").asText());
            assertEquals("old", listed.get("models").get(1).get("name").asText());
            assertTrue(listed.get("models").get(0).get("keys").size() > 0, "the key-token model lists its keys");
            assertEquals(0, listed.get("models").get(1).get("keys").size(), "the old model has none");
            assertNotEquals(s.server.scheduler("default"), s.server.scheduler("old"));

            assertEquals(200, s.post("{\"model\": \"default\", \"key\": \"Am\", \"length\": 20}").statusCode());
            HttpResponse<byte[]> noKeys = s.post("{\"model\": \"old\", \"key\": \"Am\", \"length\": 20}");
            assertEquals(400, noKeys.statusCode(), "the old model's own reader judged the request");
            HttpResponse<byte[]> old = s.post("{\"model\": \"old\", \"length\": 20, \"seed\": 5}");
            assertEquals(200, old.statusCode());
            assertEquals("old", TestServer.json(old).get("model").asText());
            assertEquals(400, s.post("{\"model\": \"old\", \"count\": 0}").statusCode());
            String metrics = s.get("/metrics").body();
            assertTrue(metrics.contains("cadenza_requests_total{model=\"old\",outcome=\"ok\"} 1.0"), "counted as old's");
            assertTrue(metrics.contains("cadenza_requests_total{model=\"old\",outcome=\"bad_request\"} 2.0"),
                    "old's refusals count as old's");

            HttpResponse<byte[]> unknown = s.post("{\"model\": \"gpt-4\", \"length\": 20}");
            assertEquals(404, unknown.statusCode());
            assertEquals("no model called 'gpt-4' here; known: default, old", TestServer.json(unknown).get("error").asText());
        }
    }

    @Test
    void serverSentEventsCarryTheSameEventsAsNdjson() throws Exception {
        try (TestServer s = TestServer.start()) {
            String body = "{\"count\": 2, \"length\": 120, \"seed\": 4, \"stream\": true}";
            HttpResponse<byte[]> sse = s.post(body, "text/event-stream");
            assertEquals(200, sse.statusCode());
            assertEquals("text/event-stream", sse.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            List<String> kinds = new ArrayList<>();
            List<String> data = new ArrayList<>();
            for (String event : new String(sse.body()).split("\n\n")) {
                String[] lines = event.split("\n");
                assertEquals(2, lines.length, event);
                assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), event);
                kinds.add(lines[0].substring(7));
                data.add(lines[1].substring(6));
            }
            assertEquals("done", kinds.get(kinds.size() - 1));
            assertTrue(kinds.contains("note") && kinds.contains("piece"));
            List<String> ndjson = List.of(new String(s.post(body).body()).split("\n"));
            assertEquals(ndjson.size(), data.size());
            // The same events piece by piece; how two pieces' events interleave depends on the wake-ups' timing.
            Map<String, List<JsonNode>> sseByPiece = new java.util.TreeMap<>();
            Map<String, List<JsonNode>> ndjsonByPiece = new java.util.TreeMap<>();
            for (int i = 0; i < data.size(); i++) {
                JsonNode a = TestServer.JSON.readTree(data.get(i));
                assertEquals(kinds.get(i), a.get("event").asText(), "the SSE event name is the event's kind");
                if (!a.get("event").asText().equals("done")) sseByPiece.computeIfAbsent(a.path("piece").asText() + a.path("index").asText(), k -> new ArrayList<>()).add(a);
                JsonNode b = TestServer.JSON.readTree(ndjson.get(i));
                if (!b.get("event").asText().equals("done")) ndjsonByPiece.computeIfAbsent(b.path("piece").asText() + b.path("index").asText(), k -> new ArrayList<>()).add(b);
            }
            assertEquals(ndjsonByPiece, sseByPiece);
            assertFalse(new String(sse.body()).contains("\r"));
        }
    }

    @Test
    void midiIsRenderedToAudioAndAPianoRollAndAnythingElseRefused() throws Exception {
        try (TestServer s = TestServer.start()) {
            byte[] midi = s.post("{\"length\": 60, \"seed\": 9}", "audio/midi").body();
            HttpResponse<byte[]> wav = postBytes(s, "/v1/render", midi);
            assertEquals(200, wav.statusCode());
            assertEquals("RIFF", new String(wav.body(), 0, 4));
            assertEquals("WAVE", new String(wav.body(), 8, 4));
            HttpResponse<byte[]> png = postBytes(s, "/v1/pianoroll", midi);
            assertEquals(200, png.statusCode());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png.body(), 4));
            HttpResponse<byte[]> notMidi = postBytes(s, "/v1/render", "hello".getBytes());
            assertEquals(400, notMidi.statusCode());
            assertTrue(TestServer.json(notMidi).get("error").asText().startsWith("the body: "));
            assertEquals(405, s.get("/v1/pianoroll").statusCode());
        }
    }

    @Test
    void thePianoRollIsTitledWithThePiecesNameNotTheUploadsFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start()) {
            byte[] midi = s.post("{\"length\": 60, \"seed\": 9, \"name\": \"default-A-minor\"}", "audio/midi").body();
            String name = "default-A-minor-9-01";
            HttpResponse<byte[]> named = postBytes(s, "/v1/pianoroll?name=" + name, midi);
            assertEquals(200, named.statusCode());
            assertEquals("inline; filename=\"" + name + ".png\"", named.headers().firstValue("Content-Disposition").orElse(""));
            // The picture is cadenza pianoroll's drawing of the file NAME.mid: its title is the piece's name.
            assertArrayEquals(drawn(dir, name, midi), named.body());
            assertArrayEquals(drawn(dir, MidiRendering.DEFAULT_NAME, midi), postBytes(s, "/v1/pianoroll", midi).body());
            assertFalse(java.util.Arrays.equals(drawn(dir, MidiRendering.DEFAULT_NAME, midi), named.body()), "the title shows");
            for (String bad : List.of("..%2Fetc", "a%20b", "-rf", "")) {
                HttpResponse<byte[]> refused = postBytes(s, "/v1/pianoroll?name=" + bad, midi);
                assertEquals(400, refused.statusCode(), bad);
                assertTrue(TestServer.json(refused).get("error").asText().startsWith("name '"), bad);
            }
        }
    }

    private static byte[] drawn(Path dir, String name, byte[] midi) throws Exception {
        Path file = java.nio.file.Files.write(dir.resolve(name + ".mid"), midi);
        var image = dev.cadenza.runtime.view.PianoRoll.draw(new dev.cadenza.runtime.midi.MidiReader().read(file),
                dev.cadenza.runtime.view.PianoRoll.Style.DEFAULT, dev.cadenza.runtime.midi.TimeSignature.read(file));
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    static HttpResponse<byte[]> postBytes(TestServer s, String path, byte[] body) throws Exception {
        return s.client.send(HttpRequest.newBuilder(s.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "audio/midi").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
