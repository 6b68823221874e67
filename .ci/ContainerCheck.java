import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Dockerfile's image the way Docker would, without Docker: copies what its COPY lines name to where they
 * put it (under a scratch root standing for the image's /), runs its ENTRYPOINT followed by its CMD from its WORKDIR
 * (the port swapped for a free one), waits for /healthz and /readyz, fetches the playground page, sends SIGTERM and
 * expects exit status 0. Run from the repository root after building the standalone jar:
 *
 *   java .ci/ContainerCheck.java Dockerfile
 */
public class ContainerCheck {
    public static void main(String[] args) throws Exception {
        Path dockerfile = Path.of(args.length > 0 ? args[0] : "Dockerfile");
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        Path root = Files.createTempDirectory("cadenza-image-");
        String workdir = "/";
        List<String> entry = null;
        List<String> cmd = List.of();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.startsWith("#") || line.isEmpty()) continue;
            String[] p = line.split("\\s+", 2);
            switch (p[0]) {
                case "WORKDIR" -> workdir = p[1];
                case "COPY" -> {
                    String[] f = p[1].split("\\s+");
                    Path target = inside(root, f[1]);
                    Files.createDirectories(target.getParent());
                    Path source = Path.of(f[0]);
                    if (!Files.isRegularFile(source)) fail(source + " (COPY) is missing: build it first (see the Dockerfile)");
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
                case "ENTRYPOINT" -> entry = jsonArray(p[1]);
                case "CMD" -> cmd = jsonArray(p[1]);
                default -> { }
            }
        }
        if (entry == null) fail("no ENTRYPOINT in " + dockerfile);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        for (String a : entry) command.add(a.startsWith("/") ? inside(root, a).toString() : a);
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString()); // the JDK running this check
        for (int i = 0; i < cmd.size(); i++) {
            String a = cmd.get(i);
            if (i > 0 && cmd.get(i - 1).equals("--port")) a = Integer.toString(port);
            else if (i > 0 && cmd.get(i - 1).equals("--host")) a = "127.0.0.1"; // no need to open it to the network here
            command.add(a.startsWith("/") ? inside(root, a).toString() : a);
        }
        System.out.println("container check: " + String.join(" ", command));
        Path log = root.resolve("server.log");
        Process server = new ProcessBuilder(command).directory(Files.createDirectories(inside(root, workdir)).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (status(http, base + "/readyz") != 200) {
                if (!server.isAlive()) fail("the server exited with " + server.exitValue() + ":\n" + Files.readString(log));
                if (System.nanoTime() > until) fail("not ready after 180 s:\n" + Files.readString(log));
                Thread.sleep(250);
            }
            if (status(http, base + "/healthz") != 200) fail("/healthz is not 200");
            String page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (!page.contains("Cadenza playground")) fail("/ is not the playground page");
            server.toHandle().destroy(); // SIGTERM, as docker stop sends
            if (!server.waitFor(60, TimeUnit.SECONDS)) fail("still running 60 s after SIGTERM");
            if (server.exitValue() != 0) fail("exit status " + server.exitValue() + " after SIGTERM:\n" + Files.readString(log));
            System.out.println("container check: ready, healthy, served /, exited 0 on SIGTERM");
        } finally {
            if (server.isAlive()) server.destroyForcibly();
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static int status(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path inside(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** The strings of an exec-form line, ["a", "b"]. */
    private static List<String> jsonArray(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(s);
        while (m.find()) out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        return out;
    }

    private static void fail(String why) {
        System.err.println("container check: " + why);
        System.exit(1);
    }
}
