package dev.cadenza.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.server.ServerMetrics.Outcome;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The generation service: one or more models, each with a scheduler thread that owns it, and an HTTP server in front.
 *
 * <p>Endpoints: {@code POST /v1/generate}, {@code GET /v1/models}, {@code /healthz} (the process is alive),
 * {@code /readyz} (the model is loaded and warmed up and the server is not draining), {@code /metrics}
 * (Prometheus), and the browser front ({@link WebFront}: the playground page, {@code /openapi.json}, rendering).
 * No endpoint takes a file path: the models are chosen when the server starts (or by a watched folder's files,
 * {@link ModelWatcher}), primers come in the body.
 */
public final class CadenzaServer implements AutoCloseable {
    /** The request attribute naming the metrics of the model a generate request chose. */
    private static final String COUNTED_BY = "dev.cadenza.server.model-metrics";

    private final ServeSettings settings;
    /**
     * The models by name, the first one the default (requests without "model" get it). Replaced whole (never changed
     * in place) when a model is loaded or unloaded while serving, so every reader sees one consistent set.
     */
    private volatile Map<String, ServedModel> models;
    private final ServedModel first;
    private final PrometheusMeterRegistry registry;
    private final BodyReader bodies;
    private final WebFront web;
    private final Server jetty;
    private final ServerConnector connector;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean ready;
    private volatile boolean draining;

    private CadenzaServer(ServeSettings settings, HttpLimits limits, List<ServedModel> served,
                          PrometheusMeterRegistry registry, CorsPolicy cors) {
        this.settings = settings;
        this.registry = registry;
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (ServedModel m : served) byName.put(m.name(), m);
        this.models = java.util.Collections.unmodifiableMap(byName);
        this.first = served.get(0);
        this.bodies = new BodyReader(settings.maxBodyBytes(), limits);
        this.web = new WebFront(cors, bodies);
        // Every request in flight holds a thread while it waits (queued or in the batch), and so does every body being
        // read (at most bodyReaders over all endpoints: they share one BodyReader); the 64 beyond them are for health
        // checks, metrics, 429s and Jetty itself, and no client can take them: a body beyond bodyReaders is refused
        // unread.
        QueuedThreadPool pool = new QueuedThreadPool(served.size() * (settings.maxBatch() + settings.queue())
                + limits.bodyReaders() + 64, 8, 60_000);
        pool.setName("cadenza-http");
        this.jetty = new Server(pool);
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(jetty, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // Refusals before a request reaches an endpoint (no model chosen yet) count as the default model's.
        connector.addBean(new HeaderDeadline(limits.headerTimeout(), first.metrics()));
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Routes()), "/*");
        JsonErrors errors = new JsonErrors(first.metrics());
        context.setErrorHandler(errors);
        jetty.setErrorHandler(errors);
        jetty.setHandler(context);
        jetty.setStopTimeout(2_000);
    }

    /** Every endpoint; anything it does not know is a JSON 404 or 405. */
    private final class Routes extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) {
            String path = req.getRequestURI();
            String method = req.getMethod();
            try {
                if (web.cors(req, res)) return; // a preflight, answered
                switch (path) {
                    case "/v1/generate" -> {
                        allow(method, "POST", path);
                        generate(req, res);
                    }
                    case "/v1/models" -> {
                        allow(method, "GET", path);
                        models(res);
                    }
                    case "/healthz" -> {
                        allow(method, "GET", path);
                        liveness(res);
                    }
                    case "/readyz" -> {
                        allow(method, "GET", path);
                        readiness(res);
                    }
                    case "/metrics" -> {
                        allow(method, "GET", path);
                        byte[] text = registry.scrape().getBytes(StandardCharsets.UTF_8);
                        res.setStatus(200);
                        res.setContentType("text/plain; version=0.0.4; charset=utf-8");
                        res.setContentLength(text.length);
                        res.getOutputStream().write(text);
                    }
                    default -> {
                        if (!web.handle(path, method, req, res)) throw new HttpProblem(404, "no such endpoint: " + method + " " + path);
                    }
                }
            } catch (HttpProblem e) {
                if (e.closes()) res.setHeader("Connection", "close");
                problem(req, res, e.status(), e.getMessage(), e.retryAfterSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem(req, res, 503, "the server is stopping", 0);
            } catch (java.io.IOException e) {
                // The client went away while we wrote; nothing to answer.
            } catch (RuntimeException e) {
                System.err.println("cadenza serve: " + method + " " + path + " failed: " + e);
                problem(req, res, 500, "internal error: " + OrderReader.firstLine(String.valueOf(e.getMessage())), 0);
            }
        }

        private void allow(String method, String expected, String path) {
            if (!method.equals(expected)) throw new HttpProblem(405, method + " is not allowed on " + path + "; use " + expected);
        }
    }

    /**
     * Opens the model, warms it up and starts serving.
     *
     * @throws java.io.IOException when the model cannot be opened (a {@link ModelFileException} names the file)
     */
    public static CadenzaServer start(ServeSettings settings) throws java.io.IOException, ModelFileException {
        return start(settings, HttpLimits.DEFAULTS);
    }

    /** As {@link #start(ServeSettings)}, with other limits on slow clients. */
    public static CadenzaServer start(ServeSettings settings, HttpLimits limits) throws java.io.IOException, ModelFileException {
        return start(settings, List.of(ModelSource.of(settings.model())), CorsPolicy.OFF, limits);
    }

    /**
     * Opens every model (each with its own scheduler and batch), warms them up and starts serving; the first is the
     * default. A model that cannot be opened closes the ones opened before it.
     */
    public static CadenzaServer start(ServeSettings settings, List<ModelSource> sources, CorsPolicy cors)
            throws java.io.IOException, ModelFileException {
        return start(settings, sources, cors, HttpLimits.DEFAULTS);
    }

    /** As {@link #start(ServeSettings, List, CorsPolicy)}, with other limits on slow clients. */
    public static CadenzaServer start(ServeSettings settings, List<ModelSource> sources, CorsPolicy cors, HttpLimits limits)
            throws java.io.IOException, ModelFileException {
        if (sources.isEmpty()) throw new IllegalArgumentException("no model to serve");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ModelSource m : sources) {
            if (!names.add(m.name())) throw new IllegalArgumentException("--model: the name '" + m.name() + "' is given twice");
        }
        PrometheusMeterRegistry registry = ServerMetrics.newRegistry();
        List<ServedModel> served = new java.util.ArrayList<>();
        try {
            for (ModelSource m : sources) served.add(open(m, settings, registry));
        } catch (java.io.IOException | ModelFileException | RuntimeException e) {
            for (ServedModel m : served) m.close();
            throw e;
        }
        return start(settings, limits, served, registry, cors);
    }

    /** Opens a model file as a served model (not started): its step model, and its beam searches' opener. */
    private static ServedModel open(ModelSource m, ServeSettings settings, PrometheusMeterRegistry registry)
            throws java.io.IOException, ModelFileException {
        ModelSpec spec = new ModelSpec(m.file(), null, settings.device(), settings.threads());
        Generator generator = Generator.open(spec);
        try {
            return new ServedModel(m, settings, generator.model(), generator.metadata(), registry, () -> {
                try {
                    return Generator.open(spec).model();
                } catch (java.io.IOException | ModelFileException e) {
                    throw new IllegalStateException("could not open " + m.file() + " again for beam search: " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            generator.model().close();
            throw e;
        }
    }

    /**
     * Loads a model while serving (the watched folder's new file): opened, warmed up and started before requests can
     * name it.
     *
     * @throws IllegalArgumentException when a model of that name is served already, or the server is stopping
     */
    public synchronized void load(ModelSource source) throws java.io.IOException, ModelFileException {
        if (draining) throw new IllegalArgumentException("the server is stopping");
        if (models.containsKey(source.name())) throw new IllegalArgumentException("a model called '" + source.name() + "' is served already");
        ServedModel m = open(source, settings, registry);
        try {
            m.warmUp();
            m.scheduler().start();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        Map<String, ServedModel> next = new LinkedHashMap<>(models);
        next.put(m.name(), m);
        models = java.util.Collections.unmodifiableMap(next);
    }

    /**
     * Unloads a model while serving: requests naming it get 404 from now on, the ones it holds finish (up to the
     * grace time; the rest are answered 503), then its model is closed and its metrics removed. The default model
     * (the first) stays.
     *
     * @return false when no model of that name is served
     * @throws IllegalArgumentException for the default model
     */
    public boolean unload(String name) throws InterruptedException {
        ServedModel m;
        synchronized (this) {
            m = models.get(name);
            if (m == null) return false;
            if (m == first) throw new IllegalArgumentException("'" + name + "' is the default model; it stays until the server stops");
            Map<String, ServedModel> next = new LinkedHashMap<>(models);
            next.remove(name);
            models = java.util.Collections.unmodifiableMap(next);
        }
        m.drain();
        long until = System.nanoTime() + settings.grace().toNanos();
        while (m.generate().inFlight() > 0 && System.nanoTime() < until) Thread.sleep(20);
        m.close();
        for (io.micrometer.core.instrument.Meter meter : List.copyOf(registry.getMeters())) {
            if (name.equals(meter.getId().getTag("model"))) registry.remove(meter);
        }
        return true;
    }

    /**
     * Serves a step model that is already open (the server owns it from now on and closes it); for embedding the
     * service, and for tests that need a model that fails on demand.
     */
    public static CadenzaServer start(ServeSettings settings, StepModel model, ModelMetadata metadata) {
        return start(settings, HttpLimits.DEFAULTS, model, metadata);
    }

    /** As {@link #start(ServeSettings, StepModel, ModelMetadata)}, with other limits on slow clients. */
    public static CadenzaServer start(ServeSettings settings, HttpLimits limits, StepModel model, ModelMetadata metadata) {
        PrometheusMeterRegistry registry = ServerMetrics.newRegistry();
        ServedModel served;
        try {
            served = new ServedModel(ModelSource.of(settings.model()), settings, model, metadata, registry, null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return start(settings, limits, List.of(served), registry, CorsPolicy.OFF);
    }

    private static CadenzaServer start(ServeSettings settings, HttpLimits limits, List<ServedModel> served,
                                       PrometheusMeterRegistry registry, CorsPolicy cors) {
        try {
            CadenzaServer server = new CadenzaServer(settings, limits, served, registry, cors);
            for (ServedModel m : served) m.warmUp();
            for (ServedModel m : served) m.scheduler().start();
            try {
                server.jetty.start();
            } catch (Exception e) {
                server.stopJetty();
                for (ServedModel m : served) m.close();
                throw bindProblem(settings, e);
            }
            server.ready = true;
            return server;
        } catch (RuntimeException e) {
            for (ServedModel m : served) m.close();
            throw e;
        }
    }

    /** A port in use is a user error with a one-line reason, not a stack trace. */
    private static RuntimeException bindProblem(ServeSettings settings, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return new IllegalArgumentException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                        + t.getMessage() + " (pick another --port or --host)");
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the HTTP server did not start: " + e, e);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + host + ":" + port();
    }

    /** The default model's metrics. */
    public ServerMetrics metrics() {
        return first.metrics();
    }

    /** The default model's scheduler. */
    public Scheduler scheduler() {
        return first.scheduler();
    }

    /** The scheduler of the model called {@code name}. */
    public Scheduler scheduler(String name) {
        return model(name).scheduler();
    }

    /** The models' names, the default first. */
    public List<String> modelNames() {
        return List.copyOf(models.keySet());
    }

    /** One line for the operator: where, what, how. */
    public String describe() {
        String served = models.size() == 1 ? "model " + settings.model() : models.size() + " models " + String.join(", ", models.keySet());
        return "cadenza serve: ready at " + url() + " (" + served + ", " + first.backend() + ", device " + first.device()
                + ", max batch " + settings.maxBatch() + ", queue " + settings.queue() + ", "
                + settings.batching().name().toLowerCase() + " batching)";
    }

    /** Why the device fell back to the CPU, or null. */
    public String fallback() {
        return first.fallback();
    }

    /**
     * Stops taking requests (readiness fails, new requests get 503), lets the ones in flight finish for up to
     * {@code grace}, then ends the rest with 503 and stops. Returns whether everything finished in time.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        for (ServedModel m : models.values()) m.drain();
        long until = System.nanoTime() + grace.toNanos();
        while (inFlight() > 0 && System.nanoTime() < until) Thread.sleep(20);
        boolean finished = inFlight() == 0;
        for (ServedModel m : models.values()) m.scheduler().close(); // ends whatever is left: answered 503
        long answered = System.nanoTime() + 2_000_000_000L;
        while (inFlight() > 0 && System.nanoTime() < answered) Thread.sleep(20);
        return finished;
    }

    /** Generation requests queued or running, over every model. */
    int inFlight() {
        int n = 0;
        for (ServedModel m : models.values()) n += m.generate().inFlight();
        return n;
    }

    @Override
    public void close() {
        ready = false;
        try {
            stopJetty();
        } finally {
            for (ServedModel m : models.values()) m.close();
        }
    }

    private void stopJetty() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("cadenza serve: stopping the HTTP server: " + e);
        }
    }

    /**
     * Alive while every model's scheduler works: a process with a dead scheduler must be restarted, not kept (its
     * other models would keep serving, but only a restart brings the dead one back).
     */
    private void liveness(HttpServletResponse res) throws java.io.IOException {
        String failure = failure();
        if (failure == null) {
            send(res, 200, Map.of("status", "alive"));
        } else {
            send(res, 503, Map.of("status", "failed", "error", failure));
        }
    }

    private void readiness(HttpServletResponse res) throws java.io.IOException {
        String failure = failure();
        if (failure != null) {
            send(res, 503, Map.of("status", "failed", "error", failure));
        } else if (ready && !draining && models.values().stream().allMatch(m -> m.scheduler().working())) {
            send(res, 200, Map.of("status", "ready"));
        } else {
            send(res, 503, Map.of("status", draining ? "draining" : ready ? "stopped" : "starting"));
        }
    }

    /** Why generation cannot work any more (a model's scheduler failed), or null. */
    public String failure() {
        for (ServedModel m : models.values()) {
            String f = m.scheduler().failure();
            if (f != null) {
                return models.size() == 1 ? "the scheduler failed: " + f : "the scheduler of model '" + m.name() + "' failed: " + f;
            }
        }
        return null;
    }

    private void models(HttpServletResponse res) throws java.io.IOException {
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (ServedModel m : models.values()) list.add(m.describe(json));
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxBatch", settings.maxBatch());
        limits.put("queue", settings.queue());
        limits.put("batching", settings.batching().name().toLowerCase());
        limits.put("shrink", settings.shrink().name().toLowerCase());
        limits.put("maxLength", settings.maxLength());
        limits.put("maxTokens", settings.maxTokens());
        limits.put("maxBodyBytes", settings.maxBodyBytes());
        limits.put("deadlineMillis", settings.deadline().toMillis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", list);
        body.put("defaultModel", first.name());
        body.put("server", limits);
        send(res, 200, body);
    }

    /** {@code POST /v1/generate}: the body's {@code "model"} (or the default) chooses whose endpoint answers. */
    private void generate(HttpServletRequest req, HttpServletResponse res) throws java.io.IOException, InterruptedException {
        GenerateEndpoint.mediaType(req);
        byte[] body = bodies.read(req);
        ServedModel chosen = model(ModelField.of(body));
        req.setAttribute(COUNTED_BY, chosen.metrics()); // its refusals (429, 504, ...) count as that model's
        chosen.generate().handle(req, res, body);
    }

    /** The model called {@code name}, the default for null; else 404 naming the models there are. */
    private ServedModel model(String name) {
        if (name == null) return first;
        ServedModel m = models.get(name);
        if (m == null) {
            throw new HttpProblem(404, "no model called '" + ModelField.abbreviate(name) + "' here; known: "
                    + String.join(", ", models.keySet()));
        }
        return m;
    }

    private void problem(HttpServletRequest req, HttpServletResponse res, int status, String reason, int retryAfter) {
        Outcome outcome = switch (status) {
            case 400, 403, 404, 405, 406, 408, 415 -> Outcome.BAD_REQUEST;
            case 413 -> Outcome.TOO_LARGE;
            case 429 -> Outcome.REJECTED;
            case 503 -> Outcome.UNAVAILABLE;
            case 504 -> Outcome.TIMEOUT;
            default -> Outcome.ERROR;
        };
        if (req.getRequestURI().equals("/v1/generate")) {
            (req.getAttribute(COUNTED_BY) instanceof ServerMetrics chosen ? chosen : first.metrics()).refused(outcome);
        }
        if (res.isCommitted()) return;
        boolean close = "close".equalsIgnoreCase(res.getHeader("Connection"));
        res.reset();
        if (close) res.setHeader("Connection", "close");
        if (retryAfter > 0) res.setHeader("Retry-After", Integer.toString(retryAfter));
        // A refused body may not have been read: the connection cannot carry another request.
        if (status == 413) res.setHeader("Connection", "close");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason);
        try {
            send(res, status, body);
        } catch (java.io.IOException e) {
            // The client is gone.
        }
    }

    private void send(HttpServletResponse res, int status, Object body) throws java.io.IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    /** The model file's name without {@code .onnx}: the default prefix of piece names, as in the CLI. */
    static String modelName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
