package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the HTTP surface against a real in-process server: request bodies mutated as JSON (wrong
 * types, huge and negative numbers, duplicate keys, nesting, unknown fields, base64 primers of garbage) and whole
 * requests mutated as bytes (flipped, cut, repeated, broken framing, odd methods, paths and versions). Every answer
 * must be a well-formed HTTP/1.1 response, every error a JSON body {@code {"status", "error"}} with the same status,
 * never a 500; the scheduler must stay alive and {@code /healthz} truthful; and no input may hang.
 *
 * <p>CI runs {@code cadenza.fuzz.inputs} inputs (2,000); {@code mvn -B -Pfuzz-long -pl server -am verify} runs 100,000.
 * {@code -Dcadenza.fuzz.seed=S} picks another sequence. Figures are appended to {@code server/target/fuzz-report.txt};
 * failing inputs are kept in {@code server/target/fuzz-findings/http/}.
 */
class HttpFuzzTest {
    private static final String[] BODIES = {
        "{\"length\": 8, \"seed\": 1}",
        "{\"count\": 2, \"length\": 6, \"seed\": 3, \"temperature\": 0.9, \"topK\": 20, \"topP\": 0.95}",
        "{\"length\": 5, \"greedy\": true, \"name\": \"tune\", \"seconds\": 0}",
        "{\"length\": 6, \"stream\": true, \"seed\": 4, \"deadlineMillis\": 3000}",
        "{\"length\": 4, \"key\": \"Am\", \"tempo\": 100}",
        "{\"length\": 4, \"primer\": \"TVRoZAAAAAYAAQABAeBNVHJrAAAABAD/LwA=\"}",
    };
    private static final String[] PATHS = {"/v1/generate", "/v1/models", "/healthz", "/readyz", "/metrics", "/", "/v1/generate/x",
        "/%2e%2e/etc/passwd", "/v1/generate?count=9", "//healthz", "/healthz#x"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "BREW", ""};
    private static final String[] VALUES = {"0", "-1", "1e309", "-0.0", "9999999999999999999999", "2147483648", "null", "true",
        "\"\"", "\"x\"", "[]", "{}", "[1,2]", "\"\\u0000\"", "\"\\ud800\"", "1.5", "NaN", "\"..hidden..\"", "\"a/b\"",
        "{\"a\":{\"b\":{\"c\":[[[[1]]]]}}}", "\"" + "y".repeat(300) + "\""};
    private static final String[] FIELDS = {"count", "length", "temperature", "topK", "topP", "greedy", "seed", "tempo",
        "primer", "name", "stream", "deadlineMillis", "seconds", "key", "unknown", "__proto__", ""};

    @Test
    void everyHostileRequestGetsAWellFormedAnswerAndTheServiceStaysHealthy() throws Exception {
        int inputs = Integer.getInteger("cadenza.fuzz.inputs", 2000);
        long seed = Long.getLong("cadenza.fuzz.seed", 20261201L);
        ServeSettings settings = FailureTest.small(4, 4).withLimits(64, 512, 16 * 1024, Duration.ofSeconds(5));
        HttpLimits limits = new HttpLimits(Duration.ofMillis(150), Duration.ofMillis(150), 1024, 8);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        int answered = 0;
        int closed = 0;
        int[] byClass = new int[6];
        long t0 = System.nanoTime();
        try (TestServer s = new TestServer(CadenzaServer.start(settings, limits))) {
            for (int i = 0; i < inputs; i++) {
                byte[] request = input(random);
                String problem;
                try {
                    RawHttp.Exchange x = RawHttp.send(s.server.port(), request, 1, 10_000);
                    if (x.answers().isEmpty()) {
                        problem = x.closed() ? null : "no answer and no close: " + x.problem();
                        closed++;
                    } else {
                        problem = judge(x.first(), new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD "));
                        answered++;
                        byClass[x.first().status() / 100]++;
                    }
                } catch (IOException e) {
                    problem = null; // the server may reset a connection whose request it refused unread
                    closed++;
                }
                if (problem == null && i % 100 == 99) problem = health(s);
                if (problem != null) {
                    failures.add("input " + i + ": " + problem);
                    keep(seed, i, request);
                    if (failures.size() > 20) break;
                }
            }
            s.awaitNoRows(10_000);
            assertEquals(200, s.post("{\"length\": 10, \"seed\": 5}").statusCode(), "the service still generates");
            assertTrue(s.server.scheduler().working());
        }
        String summary = String.format("http: %d inputs (seed %d): %d answered (2xx %d, 4xx %d, 5xx %d), %d closed unanswered, "
                + "%d failures, %.1f s", inputs, seed, answered, byClass[2], byClass[4], byClass[5], closed, failures.size(),
                (System.nanoTime() - t0) / 1e9);
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fuzz-report.txt"), java.time.Instant.now() + " " + summary + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(), failures);
        assertTrue(answered > inputs / 2, "most inputs are answered: " + summary);
    }

    /** What is wrong with an answer, or null. */
    private static String judge(RawHttp.Answer a, boolean head) {
        int status = a.status();
        if (status < 100 || status > 599) return "status " + status;
        if (status == 500) return "500: " + a.text();
        if (status < 400) return null; // 200s: JSON, MIDI, NDJSON or Prometheus text, checked by the endpoint tests
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/json")) return status + " as " + type + ": " + abbreviate(a.text());
        if (head) return null; // an answer to HEAD has headers only, by HTTP's rules
        try {
            JsonNode n = TestServer.JSON.readTree(a.body());
            if (n == null || n.get("status") == null || n.get("status").asInt() != status || n.get("error") == null) {
                return status + " with body " + abbreviate(a.text());
            }
            String error = n.get("error").asText();
            if (error.contains("com.fasterxml") || error.contains("Exception") || error.contains("\n")) {
                return status + " leaks internals: " + abbreviate(error);
            }
        } catch (IOException e) {
            return status + " with a body that is not JSON: " + abbreviate(a.text());
        }
        return null;
    }

    private static String health(TestServer s) throws Exception {
        if (!s.server.scheduler().working()) return "the scheduler stopped: " + s.server.scheduler().failure();
        var h = s.get("/healthz");
        if (h.statusCode() != 200) return "/healthz answered " + h.statusCode() + " " + h.body();
        return null;
    }

    static byte[] input(Random r) {
        String request = switch (r.nextInt(4)) {
            case 0, 1 -> post(jsonMutant(r), r);
            case 2 -> request(METHODS[r.nextInt(METHODS.length)], PATHS[r.nextInt(PATHS.length)], r.nextBoolean() ? jsonMutant(r) : "", r);
            default -> post(BODIES[r.nextInt(BODIES.length)], r);
        };
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        return r.nextInt(3) == 0 ? bytes : byteMutant(bytes, r);
    }

    private static String post(String body, Random r) {
        return request("POST", "/v1/generate", body, r);
    }

    private static String request(String method, String path, String body, Random r) {
        StringBuilder b = new StringBuilder();
        String version = switch (r.nextInt(20)) {
            case 0 -> "HTTP/1.0";
            case 1 -> "HTTP/2.0";
            case 2 -> "HTTP/1.1 extra";
            default -> "HTTP/1.1";
        };
        b.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
        b.append("Host: 127.0.0.1\r\n");
        switch (r.nextInt(8)) {
            case 0 -> b.append("Content-Type: text/plain\r\n");
            case 1 -> b.append("Content-Encoding: gzip\r\n").append("Content-Type: application/json\r\n");
            case 2 -> { }
            default -> b.append("Content-Type: application/json\r\n");
        }
        if (r.nextInt(6) == 0) b.append("Accept: audio/midi\r\n");
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(10)) {
            case 0 -> { // chunked, sometimes with broken sizes
                b.append("Transfer-Encoding: chunked\r\n\r\n");
                String size = switch (r.nextInt(4)) {
                    case 0 -> "ZZ";
                    case 1 -> "FFFFFFFFFFFFFFFF";
                    case 2 -> Integer.toHexString(content.length + 1 + r.nextInt(40));
                    default -> Integer.toHexString(content.length);
                };
                b.append(size).append("\r\n").append(body).append("\r\n0\r\n\r\n");
                return b.toString();
            }
            case 1 -> b.append("Content-Length: ").append(content.length + r.nextInt(30) - 10).append("\r\n");
            case 2 -> b.append("Content-Length: ").append(content.length).append("\r\nContent-Length: 3\r\n");
            case 3 -> b.append("Content-Length: -").append(content.length).append("\r\n");
            default -> b.append("Content-Length: ").append(content.length).append("\r\n");
        }
        if (r.nextInt(10) == 0) b.append("X-Long: ").append("h".repeat(r.nextInt(20_000))).append("\r\n");
        b.append("Connection: close\r\n\r\n").append(body);
        return b.toString();
    }

    /** A template body with fields replaced, added, duplicated or removed, or its text cut or nested. */
    private static String jsonMutant(Random r) {
        String body = BODIES[r.nextInt(BODIES.length)];
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(7)) {
                case 0 -> body = body.replaceFirst(":\\s*[^,}]+", ": " + java.util.regex.Matcher.quoteReplacement(VALUES[r.nextInt(VALUES.length)]));
                case 1 -> body = "{\"" + FIELDS[r.nextInt(FIELDS.length)] + "\": " + VALUES[r.nextInt(VALUES.length)] + ", " + (body.isEmpty() ? "}" : body.substring(1));
                case 2 -> body = body.replaceFirst("\\{", "{\"length\": 3, ");
                case 3 -> body = body.substring(0, r.nextInt(body.length() + 1));
                case 4 -> body = "[" + body + "]";
                case 5 -> body = body + (r.nextBoolean() ? " {}" : "\u0000");
                default -> body = body.replace("\"primer\": \"", "\"primer\": \"" + "QUJD".repeat(r.nextInt(50)));
            }
        }
        return body;
    }

    /** The request's bytes flipped, cut, repeated or with bytes inserted. */
    private static byte[] byteMutant(byte[] bytes, Random r) {
        byte[] out = bytes.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 0, n = 1 + r.nextInt(4); k < n && out.length > 0; k++) out[r.nextInt(out.length)] = (byte) r.nextInt(256);
            }
            case 1 -> out = java.util.Arrays.copyOf(out, r.nextInt(out.length + 1));
            case 2 -> {
                byte[] twice = java.util.Arrays.copyOf(out, out.length * 2);
                System.arraycopy(out, 0, twice, out.length, out.length);
                out = twice;
            }
            case 3 -> {
                int at = out.length == 0 ? 0 : r.nextInt(out.length);
                byte[] insert = (r.nextBoolean() ? "\r\n" : "\n\n\r").getBytes(StandardCharsets.US_ASCII);
                byte[] grown = new byte[out.length + insert.length];
                System.arraycopy(out, 0, grown, 0, at);
                System.arraycopy(insert, 0, grown, at, insert.length);
                System.arraycopy(out, at, grown, at + insert.length, out.length - at);
                out = grown;
            }
            default -> {
                for (int k = 0; k < out.length; k++) if (r.nextInt(200) == 0) out[k] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return out;
    }

    private static void keep(long seed, int index, byte[] request) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings", "http"));
            Files.write(dir.resolve("http-" + seed + "-" + index + ".bin"), request);
        } catch (IOException ignored) {
            // keeping the input is a courtesy; the failure list is what the test asserts
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}
