package dev.cadenza.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.generate.Device;

/** A real server on 127.0.0.1 and a free port, serving the shipped model, and a small client for it. */
final class TestServer implements AutoCloseable {
    static final Path MODEL = Path.of("..", "models", "default.onnx");
    static final ObjectMapper JSON = new ObjectMapper();

    final CadenzaServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(CadenzaServer server) {
        this.server = server;
    }

    static ServeSettings settings() {
        if (!Files.exists(MODEL)) throw new IllegalStateException(MODEL.toAbsolutePath() + " is missing: the repository ships it");
        return ServeSettings.builder(MODEL).port(0).device(Device.CPU).threads(1).maxBatch(16).queue(8)
                .batching(Batching.CONTINUOUS).maxLength(20_000).maxTokens(100_000).maxBodyBytes(64 * 1024)
                .deadline(Duration.ofSeconds(60)).grace(Duration.ofSeconds(10)).build();
    }

    static TestServer start() throws Exception {
        return start(settings());
    }

    static TestServer start(ServeSettings settings) throws Exception {
        return new TestServer(CadenzaServer.start(settings));
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    HttpResponse<byte[]> post(String body) throws IOException, InterruptedException {
        return post(body, "application/json");
    }

    HttpResponse<byte[]> post(String body, String accept) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri("/v1/generate")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Waits until the batch holds no row (rows freed), or fails after {@code millis}. */
    void awaitNoRows(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (server.scheduler().activeRows() > 0 || server.scheduler().queueDepth() > 0) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("rows still busy after " + millis + " ms: " + server.scheduler().activeRows()
                        + " active, " + server.scheduler().queueDepth() + " queued");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
