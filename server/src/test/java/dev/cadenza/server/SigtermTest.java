package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The real process: SIGTERM stops new work, lets the request in flight finish, and exits 0. */
class SigtermTest {
    @Test
    void sigtermDrainsAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, ServerMain.class.getName(),
                "--model", TestServer.MODEL.toString(), "--port", "0", "--device", "cpu", "--threads", "1",
                "--max-batch", "8", "--grace", "20"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("cadenza serve: ready at http://127.0.0.1:"), line);
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find());
            String url = m.group();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Some hundreds of milliseconds of work at batch 1: still running when SIGTERM comes. No length in music (the
            // default minute can be done in 200 ms), and a seed with which the shipped model runs all 6,000 tokens.
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v1/generate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"length\": 6000, \"seconds\": 0, \"seed\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            waitForActiveRows(client, url);
            process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode piece = TestServer.JSON.readTree(answer.body()).get("pieces").get(0);
            assertTrue(piece.get("tokens").asInt() > 0);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server exits");
            assertEquals(0, process.exitValue());
            StringBuilder rest = new StringBuilder();
            for (String l; (l = out.readLine()) != null; ) rest.append(l).append('\n');
            assertTrue(rest.toString().contains("cadenza serve: stopped"), rest.toString());
            try {
                client.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("the port still answers after exit");
            } catch (ConnectException expected) {
                // nothing listens any more
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static void waitForActiveRows(HttpClient client, String url) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            String metrics = client.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (metrics.contains("cadenza_active_rows{model=\"default\"} 1.0")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the request never started");
    }
}
