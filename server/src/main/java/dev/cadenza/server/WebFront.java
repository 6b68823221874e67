package dev.cadenza.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the service offers browsers beside the generation API: the playground page at {@code /} and its assets, the
 * OpenAPI document at {@code /openapi.json}, MIDI rendered to audio and to a piano roll, and CORS.
 *
 * <p>The assets are a fixed list read from the jar once, at start: a request names one of them or gets 404, so no
 * path a client sends ever reaches a file system or a class-path lookup (a path with {@code ..} is refused outright).
 */
final class WebFront {
    private static final String ROOT = "/dev/cadenza/server/web/";
    /** Asset URL path to (resource name, content type). */
    private static final Map<String, String[]> ASSETS = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/playground.js", new String[] {"playground.js", "text/javascript; charset=utf-8"},
            "/playground.css", new String[] {"playground.css", "text/css; charset=utf-8"},
            "/openapi.json", new String[] {"openapi.json", "application/json"});
    /** Headers a cross-origin page may read from our answers. */
    private static final String EXPOSED = "Content-Disposition, X-Cadenza-Notes, X-Cadenza-Tokens, X-Cadenza-Ended, Retry-After";

    private final CorsPolicy cors;
    private final BodyReader bodies;
    private final Map<String, byte[]> loaded = new java.util.HashMap<>();
    private final MidiRendering rendering = new MidiRendering();

    WebFront(CorsPolicy cors, BodyReader bodies) {
        this.cors = cors;
        this.bodies = bodies;
        for (var e : ASSETS.entrySet()) loaded.put(e.getKey(), resource(e.getValue()[0]));
    }

    static byte[] resource(String name) {
        try (InputStream in = WebFront.class.getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + ROOT + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the CORS headers an allowed origin gets, and answers a preflight ({@code OPTIONS}); true when the request
     * is answered. A disallowed origin's preflight is refused with 403 and the reason; its other requests are served
     * without CORS headers, so the browser keeps the answer from the page (that is what protects users; the server
     * cannot tell a browser's request from any other client's).
     */
    boolean cors(HttpServletRequest req, HttpServletResponse res) {
        String origin = req.getHeader("Origin");
        boolean preflight = req.getMethod().equals("OPTIONS");
        if (origin != null && cors.allows(origin)) {
            res.setHeader("Access-Control-Allow-Origin", cors.anyOrigin() ? "*" : origin);
            if (!cors.anyOrigin()) res.setHeader("Vary", "Origin");
            res.setHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        if (!preflight) return false;
        if (origin == null) { // a plain OPTIONS: what the server takes
            res.setStatus(204);
            res.setHeader("Allow", "GET, POST, OPTIONS");
            return true;
        }
        if (!cors.allows(origin)) {
            throw new HttpProblem(403, cors.off()
                    ? "cross-origin requests are off on this server (origin " + ModelField.abbreviate(origin)
                            + "); its operator can allow origins with --cors-origin"
                    : "origin " + ModelField.abbreviate(origin) + " is not allowed here; allowed: " + cors.describe());
        }
        res.setStatus(204);
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", "Content-Type, Accept");
        res.setHeader("Access-Control-Max-Age", "600");
        return true;
    }

    /** Serves a page asset, the OpenAPI document or a rendering; false when the path is none of them. */
    boolean handle(String path, String method, HttpServletRequest req, HttpServletResponse res)
            throws IOException, InterruptedException {
        if (path.contains("..") || path.contains("\\") || path.toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
            throw HttpProblem.badRequest("a path may not contain '..', '\\' or an encoded '.': " + ModelField.abbreviate(path));
        }
        switch (path) {
            case "/v1/render" -> {
                allow(method, "POST", path);
                String name = MidiRendering.name(req.getParameter("name"));
                res.setHeader("Content-Disposition", "inline; filename=\"" + name + ".wav\"");
                send(res, "audio/wav", rendering.wav(bodies.read(req)));
                return true;
            }
            case "/v1/pianoroll" -> {
                allow(method, "POST", path);
                String name = MidiRendering.name(req.getParameter("name"));
                res.setHeader("Content-Disposition", "inline; filename=\"" + name + ".png\"");
                send(res, "image/png", rendering.pianoroll(bodies.read(req), name));
                return true;
            }
            default -> {
                String[] asset = ASSETS.get(path.equals("/index.html") ? "/" : path);
                if (asset == null) return false;
                allow(method, "GET", path);
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Content-Type-Options", "nosniff");
                send(res, asset[1], loaded.get(path.equals("/index.html") ? "/" : path));
                return true;
            }
        }
    }

    private static void allow(String method, String expected, String path) {
        if (!method.equals(expected)) throw new HttpProblem(405, method + " is not allowed on " + path + "; use " + expected);
    }

    private static void send(HttpServletResponse res, String type, byte[] bytes) throws IOException {
        res.setStatus(200);
        res.setContentType(type);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}
