package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadenza.app.CommandLines;
import dev.cadenza.app.GenerateCommand;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real generation through the service: answers, streams, and the same pieces as the CLI under concurrency. */
class GenerateTest {
    static final Path PRIMER = Path.of("..", "midi_songs", "satie-gymnopedie-no1.mid");
    static TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        // The mixed load below sends 12 requests at once, and the scheduler admits nothing while it runs the beam
        // search request to its end: with the usual queue of 8 the last ones were (rightly) refused with a 429 when
        // the machine was slow. The queue holds them all, so what the test checks is the pieces, not the timing.
        server = TestServer.start(TestServer.settings().withBatch(16, 16, Batching.CONTINUOUS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request of a mixed load: the JSON body and the same settings as CLI options. */
    record Case(String body, List<String> cli, int count, long seed, boolean stream) {
    }

    static Case of(int count, long seed, int length, String sampling, List<String> samplingCli, boolean primer,
                   boolean stream) throws Exception {
        // length 0: the body and the command line leave it out, so each takes its own default
        StringBuilder b = new StringBuilder("{\"count\": " + count + ", \"seed\": " + seed + (length > 0 ? ", \"length\": " + length : ""));
        if (!sampling.isEmpty()) b.append(", ").append(sampling);
        if (primer) b.append(", \"primer\": \"").append(Base64.getEncoder().encodeToString(Files.readAllBytes(PRIMER))).append('"');
        if (stream) b.append(", \"stream\": true");
        b.append('}');
        List<String> cli = new ArrayList<>(List.of("--count", "" + count, "--seed", "" + seed));
        if (length > 0) cli.addAll(List.of("--length", "" + length));
        cli.addAll(samplingCli);
        if (primer) cli.addAll(List.of("--primer", PRIMER.toString()));
        return new Case(b.toString(), cli, count, seed, stream);
    }

    @Test
    void concurrentMixedRequestsGiveTheCliPiecesByteForByte() throws Exception {
        List<Case> cases = List.of(
                of(3, 7, 120, "", List.of(), false, false),
                of(1, 11, 300, "\"temperature\": 0.8, \"topK\": 20", List.of("--temperature", "0.8", "--top-k", "20"), false, false),
                of(2, 5, 80, "\"greedy\": true", List.of("--greedy"), false, false),
                of(2, 3, 150, "\"topP\": 0.9", List.of("--top-p", "0.9"), true, false),
                of(1, 99, 200, "\"temperature\": 1.2", List.of("--temperature", "1.2"), false, true),
                of(4, 42, 60, "\"topP\": 1.0", List.of("--top-p", "1.0"), false, false),
                of(2, 13, 1000, "\"seconds\": 8", List.of("--seconds", "8"), false, false),
                of(2, 17, 160, "\"beamSize\": 2, \"branchFactor\": 2, \"stepsPerIteration\": 4",
                        List.of("--beam-size", "2", "--branch-factor", "2", "--steps-per-iteration", "4"), false, false),
                of(2, 23, 150, "\"keyStrength\": 3, \"noRepeatNgram\": 6",
                        List.of("--key-strength", "3", "--no-repeat-ngram", "6"), false, false),
                of(1, 29, 150, "\"key\": \"Eb\", \"keyStrength\": 2", List.of("--key", "Eb", "--key-strength", "2"), false, true),
                of(1, 31, 400, "\"bars\": 4", List.of("--bars", "4"), true, false), // the primer's 3/4 bars on both paths
                of(1, 37, 0, "", List.of(), false, false)); // the defaults: about a minute of music on both paths
        Map<Integer, List<Served>> served = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(cases.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    Thread.sleep(15L * k); // later ones join a batch that is already running
                    served.put(k, serve(cases.get(k)));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path out = tmp.resolve("cli-" + i);
            List<String> args = new ArrayList<>(c.cli());
            args.addAll(List.of("--model", TestServer.MODEL.toString(), "--out", out.toString(), "--device", "cpu", "--threads", "1"));
            StringWriter err = new StringWriter();
            int code = CommandLines.of(new GenerateCommand()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                    .execute(args.toArray(String[]::new));
            assertEquals(0, code, err.toString());
            List<Served> pieces = served.get(i);
            assertEquals(c.count(), pieces.size());
            for (int p = 0; p < c.count(); p++) {
                byte[] cli = Files.readAllBytes(out.resolve(String.format("default-%d-%02d.mid", c.seed(), p + 1)));
                // On a difference, the served piece's own account (tokens, notes, ended) says where it parted.
                assertArrayEquals(cli, pieces.get(p).midi(), "request " + i + " " + c.cli() + ", piece " + (p + 1)
                        + ", served " + pieces.get(p).described());
            }
        }
        server.awaitNoRows(2000);
    }

    /** A piece as the service sent it: its MIDI, and the rest of its description. */
    record Served(byte[] midi, String described) {
        static Served of(JsonNode piece) {
            byte[] midi = Base64.getDecoder().decode(piece.get("midi").asText());
            com.fasterxml.jackson.databind.node.ObjectNode rest = piece.deepCopy();
            rest.remove("midi");
            return new Served(midi, rest + " (" + midi.length + " bytes)");
        }
    }

    private static List<Served> serve(Case c) throws Exception {
        HttpResponse<byte[]> r = server.post(c.body());
        assertEquals(200, r.statusCode(), new String(r.body()));
        List<Served> pieces = new ArrayList<>();
        if (c.stream()) {
            for (JsonNode e : events(r)) {
                if (e.get("event").asText().equals("piece")) pieces.add(Served.of(e));
            }
        } else {
            for (JsonNode p : TestServer.json(r).get("pieces")) pieces.add(Served.of(p));
        }
        return pieces;
    }

    static List<JsonNode> events(HttpResponse<byte[]> r) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String line : new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) list.add(TestServer.JSON.readTree(line));
        }
        return list;
    }

    @Test
    void jsonAnswerDescribesEachPiece() throws Exception {
        HttpResponse<byte[]> r = server.post("{\"count\": 2, \"seed\": 8, \"length\": 90}");
        assertEquals(200, r.statusCode());
        JsonNode j = TestServer.json(r);
        assertEquals(8, j.get("seed").asLong());
        assertEquals("temperature=1.0, top-p=0.95", j.get("sampling").asText());
        assertEquals(2, j.get("pieces").size());
        JsonNode p = j.get("pieces").get(1);
        assertEquals("default-8-02", p.get("name").asText());
        assertTrue(p.get("tokens").asInt() >= 1 && p.get("tokens").asInt() <= 90);
        Piece piece = new MidiReader().read(Path.of("piece.mid"), Base64.getDecoder().decode(p.get("midi").asText()));
        assertEquals(p.get("notes").asInt(), piece.notes().size());
        assertTrue(p.get("notes").asInt() > 0);
    }

    @Test
    void acceptMidiReturnsTheSameBytesAsTheJsonAnswer() throws Exception {
        String body = "{\"seed\": 21, \"length\": 70}";
        HttpResponse<byte[]> midi = server.post(body, "audio/midi");
        assertEquals(200, midi.statusCode());
        assertEquals("audio/midi", midi.headers().firstValue("Content-Type").orElse(""));
        assertTrue(midi.headers().firstValue("Content-Disposition").orElse("").contains("default-21-01.mid"));
        byte[] fromJson = Base64.getDecoder().decode(TestServer.json(server.post(body)).get("pieces").get(0).get("midi").asText());
        assertArrayEquals(fromJson, midi.body());
    }

    @Test
    void streamSendsEveryNoteBeforeItsPieceThenDone() throws Exception {
        HttpResponse<byte[]> r = server.post("{\"count\": 2, \"seed\": 4, \"length\": 150, \"stream\": true}");
        assertEquals(200, r.statusCode());
        assertEquals(GenerateEndpoint.NDJSON, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<JsonNode> events = events(r);
        assertEquals("done", events.get(events.size() - 1).get("event").asText());
        // The pieces as decoded, from the Generator API with the same request. (Their MIDI read back can differ where
        // a piece strikes a key that still sounds: which note-off ends which note is then the reader's choice.)
        dev.cadenza.runtime.generate.GenerationResult decoded;
        try (dev.cadenza.runtime.generate.Generator g = dev.cadenza.runtime.generate.Generator.open(
                new dev.cadenza.runtime.generate.ModelSpec(TestServer.MODEL, "ort-cpu", dev.cadenza.runtime.generate.Device.CPU, 1))) {
            decoded = g.generate(dev.cadenza.runtime.generate.GenerationRequest.of(2, 150).withSeed(4).withMusicLength(
                    dev.cadenza.runtime.generate.MusicLength.seconds(dev.cadenza.runtime.generate.MusicLength.DEFAULT_SECONDS)));
        }
        for (int piece = 0; piece < 2; piece++) {
            List<String> streamed = new ArrayList<>();
            Piece finished = null;
            for (JsonNode e : events) {
                if (e.get("piece") != null && e.get("piece").asInt() == piece && e.get("event").asText().equals("note")) {
                    assertTrue(finished == null, "a note after its piece ended");
                    streamed.add(e.get("onset").asDouble() + "/" + e.get("pitch").asInt() + "/" + e.get("duration").asDouble());
                }
                if (e.get("event").asText().equals("piece") && e.get("index").asInt() == piece) {
                    finished = new MidiReader().read(Path.of("p.mid"), Base64.getDecoder().decode(e.get("midi").asText()));
                }
            }
            assertTrue(finished != null, "piece " + piece + " was sent");
            List<String> expected = new ArrayList<>();
            for (Note n : decoded.pieces().get(piece).music().notes()) expected.add(n.onset() + "/" + n.pitch() + "/" + n.duration());
            assertEquals(finished.notes().size(), streamed.size(), "as many notes as the piece's MIDI holds");
            assertFalse(streamed.isEmpty());
            assertEquals(expected, streamed, "the streamed notes are the finished piece's notes, in order");
        }
    }
}
