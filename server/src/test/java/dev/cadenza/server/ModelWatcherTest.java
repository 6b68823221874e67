package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --model FOLDER --watch: models come and go with their files while the server keeps serving. */
class ModelWatcherTest {
    private static final Path V1 = Path.of("..", "models", "v1", "default.onnx");

    @Test
    void aModelFileAddedIsServedOneRemovedIsUnloadedAndABrokenOneIsReported(@TempDir Path dir) throws Exception {
        Path a = Files.copy(TestServer.MODEL, dir.resolve("a.onnx"));
        StringWriter said = new StringWriter();
        try (TestServer s = new TestServer(CadenzaServer.start(TestServer.settings(), List.of(ModelSource.of(a)), CorsPolicy.OFF))) {
            ModelWatcher watcher = new ModelWatcher(s.server, dir, Duration.ofSeconds(1), new PrintWriter(said));

            // Added: taken once it has stayed the same for one look, then served by name.
            Files.copy(V1, dir.resolve("b.onnx"));
            watcher.look();
            assertEquals(List.of("a"), s.server.modelNames(), "a file is not read at its first sight: it may be half-copied");
            watcher.look();
            assertEquals(List.of("a", "b"), s.server.modelNames());
            assertEquals(200, s.post("{\"model\": \"b\", \"length\": 20, \"seed\": 3}").statusCode());
            assertTrue(s.get("/metrics").body().contains("model=\"b\""));

            // Broken: one line naming the file, not served, not tried again until it changes; the server serves on.
            Files.writeString(dir.resolve("c.onnx"), "not a model");
            watcher.look();
            watcher.look();
            watcher.look();
            String log = said.toString();
            assertTrue(log.contains(dir.resolve("c.onnx") + ": not loaded: "), log);
            assertEquals(1, log.split("c.onnx: not loaded", -1).length - 1, "reported once: " + log);
            assertEquals(List.of("a", "b"), s.server.modelNames());
            assertEquals(200, s.post("{\"length\": 20, \"seed\": 3}").statusCode());

            // Removed: a request it holds finishes, then its name is unknown and its metrics are gone.
            CompletableFuture<HttpResponse<byte[]>> running = CompletableFuture.supplyAsync(() -> post(s,
                    "{\"model\": \"b\", \"length\": 3000, \"seconds\": 0, \"seed\": 4}"));
            // b's own rows, not the server's in-flight count: the previous request to a may still be counted for a
            // moment after its answer was sent
            Scheduler ofB = s.server.scheduler("b");
            FailureTest.await(() -> ofB.activeRows() == 1, 20_000, "the request to b to be in flight");
            Files.delete(dir.resolve("b.onnx"));
            watcher.look();
            assertEquals(200, running.get().statusCode(), "the request b held finished");
            assertEquals(List.of("a"), s.server.modelNames());
            HttpResponse<byte[]> gone = s.post("{\"model\": \"b\", \"length\": 20}");
            assertEquals(404, gone.statusCode());
            assertFalse(s.get("/metrics").body().contains("model=\"b\""));
            assertTrue(said.toString().contains("b: unloaded (its file is gone)"), said.toString());

            // The default model stays even without its file.
            Files.delete(a);
            watcher.look();
            assertEquals(List.of("a"), s.server.modelNames());
            assertEquals(200, s.post("{\"length\": 20, \"seed\": 5}").statusCode());
            assertTrue(said.toString().contains("'a' is the default model"), said.toString());
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
