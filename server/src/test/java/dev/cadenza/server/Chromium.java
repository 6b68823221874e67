package dev.cadenza.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real headless Chromium driven through Debian's {@code chromedriver} over the W3C WebDriver protocol (plain HTTP
 * and JSON, so the test needs no WebDriver library). Each instance starts its own driver on a free port and a
 * browser with a fresh profile, kept off the network but for the page's own server.
 */
final class Chromium implements AutoCloseable {
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final Path profile;
    private final String base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Where the browser and its driver are, if both are installed ({@code apt-get install chromium chromium-driver}). */
    static Optional<Path[]> installed() {
        Optional<Path> browser = BROWSERS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        Optional<Path> driver = DRIVERS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        return browser.isPresent() && driver.isPresent() ? Optional.of(new Path[] {browser.get(), driver.get()}) : Optional.empty();
    }

    Chromium(Path browser, Path driverBinary, Path scratch) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.base = "http://127.0.0.1:" + port;
        this.profile = Files.createTempDirectory(scratch, "chromium-profile-");
        this.driver = new ProcessBuilder(driverBinary.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(scratch.resolve("chromedriver.log").toFile()).start();
        String id = null;
        long until = System.nanoTime() + 20_000_000_000L;
        while (id == null) {
            try {
                List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
                Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                        "goog:chromeOptions", Map.of("binary", browser.toString(), "args", args),
                        "goog:loggingPrefs", Map.of("browser", "ALL"))));
                id = call("POST", "/session", caps).get("sessionId").asText();
            } catch (IOException e) {
                if (System.nanoTime() > until || !driver.isAlive()) {
                    close();
                    throw new IOException("chromedriver did not start: " + e.getMessage(), e);
                }
                Thread.sleep(200);
            }
        }
        this.session = "/session/" + id;
    }

    void open(String url) throws IOException, InterruptedException {
        call("POST", session + "/url", Map.of("url", url));
    }

    /** Runs {@code script} in the page ({@code arguments} are its arguments) and returns its value. */
    JsonNode run(String script, Object... arguments) throws IOException, InterruptedException {
        return call("POST", session + "/execute/sync", Map.of("script", script, "args", List.of(arguments)));
    }

    /** Runs an async script: its last argument is the callback that hands back the value. */
    JsonNode runAsync(String script, Object... arguments) throws IOException, InterruptedException {
        return call("POST", session + "/execute/async", Map.of("script", script, "args", List.of(arguments)));
    }

    /** Clicks the element {@code css} selects, as a user would (the driver checks it can be clicked). */
    void click(String css) throws IOException, InterruptedException {
        JsonNode element = call("POST", session + "/element", Map.of("using", "css selector", "value", css));
        String ref = element.elements().next().asText();
        call("POST", session + "/element/" + ref + "/click", Map.of());
    }

    /** Waits until {@code condition} (a JavaScript expression) is true, or fails with the page's status line. */
    void await(String condition, Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!run("return Boolean(" + condition + ");").asBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the page did not reach '" + condition + "' in " + timeout.toSeconds() + " s; status: "
                        + run("return document.getElementById('status').textContent;").asText());
            }
            Thread.sleep(100);
        }
    }

    void screenshot(Path png) throws IOException, InterruptedException {
        Files.write(png, Base64.getDecoder().decode(call("GET", session + "/screenshot", null).asText()));
    }

    /** The browser console's entries so far (level and message), emptied by reading. */
    List<String[]> console() throws IOException, InterruptedException {
        List<String[]> entries = new ArrayList<>();
        for (JsonNode e : call("POST", session + "/se/log", Map.of("type", "browser"))) {
            entries.add(new String[] {e.get("level").asText(), e.get("message").asText()});
        }
        return entries;
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = JSON.readTree(r.body());
        if (r.statusCode() != 200) throw new IOException("WebDriver " + method + " " + path + ": " + answer.path("value"));
        return answer.get("value");
    }

    @Override
    public void close() {
        try {
            if (session != null) call("DELETE", session, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The browser goes with its driver below.
        }
        driver.destroy();
        try {
            if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) driver.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary profile left behind is harmless.
        }
    }
}
