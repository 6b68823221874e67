package dev.cadenza.server.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends one streaming generation request with the JDK's HttpClient and times it: the first note event and the
 * whole answer. Streaming is what a listener uses, and it is the only way to see the first note.
 */
final class LoadClient {
    private final HttpClient http;
    private final URI generate;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    LoadClient(HttpClient http, String url, Duration timeout) {
        this.http = http;
        this.generate = URI.create(url + "/v1/generate");
        this.timeout = timeout;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    RequestOutcome send(int length, long seed) {
        String body = "{\"count\": 1, \"length\": " + length + ", \"seed\": " + seed + ", \"stream\": true}";
        HttpRequest request = HttpRequest.newBuilder(generate).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            double firstNote = -1;
            long tokens = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                if (r.statusCode() != 200) {
                    in.transferTo(java.io.Writer.nullWriter());
                    int retry = r.headers().firstValue("Retry-After").map(LoadClient::parseInt).orElse(0);
                    return new RequestOutcome(r.statusCode(), millisSince(t0), -1, 0, false, retry);
                }
                for (String line; (line = in.readLine()) != null; ) {
                    if (firstNote < 0 && line.startsWith("{\"event\":\"note\"")) firstNote = millisSince(t0);
                    else if (line.startsWith("{\"event\":\"piece\"")) tokens += json.readTree(line).get("tokens").asLong();
                    else if (line.startsWith("{\"event\":\"error\"")) {
                        JsonNode e = json.readTree(line);
                        return new RequestOutcome(e.get("status").asInt(), millisSince(t0), firstNote, tokens, false, 0);
                    }
                }
            }
            return new RequestOutcome(200, millisSince(t0), firstNote, tokens, false, 0);
        } catch (HttpTimeoutException e) {
            return new RequestOutcome(0, millisSince(t0), -1, 0, true, 0);
        } catch (IOException e) {
            return new RequestOutcome(0, millisSince(t0), -1, 0, false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RequestOutcome(0, millisSince(t0), -1, 0, false, 0);
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
