package dev.cadenza.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.PieceRows;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.server.ServerMetrics.Outcome;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The generation service: one model, one scheduler thread that owns it, and an HTTP server in front.
 *
 * <p>Endpoints: {@code POST /v1/generate}, {@code GET /v1/models}, {@code /healthz} (the process is alive),
 * {@code /readyz} (the model is loaded and warmed up and the server is not draining), {@code /metrics}
 * (Prometheus). No endpoint takes a file path: the model is chosen when the server starts, primers come in the body.
 */
public final class CadenzaServer implements AutoCloseable {
    private final ServeSettings settings;
    private final StepModel model;
    private final ModelMetadata metadata;
    private final String backend;
    private final String device;
    private final String fallback;
    private final Scheduler scheduler;
    private final ServerMetrics metrics;
    private final GenerateEndpoint generate;
    private final Server jetty;
    private final ServerConnector connector;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean ready;
    private volatile boolean draining;

    private CadenzaServer(ServeSettings settings, HttpLimits limits, StepModel model, ModelMetadata metadata,
                          String device, String fallback) {
        this.settings = settings;
        this.model = model;
        this.metadata = metadata;
        this.backend = model.backendName();
        this.device = device;
        this.fallback = fallback;
        Tokenizer tokenizer = new Tokenizer(metadata.vocabulary());
        this.scheduler = new Scheduler(model, new PieceRows(tokenizer), settings.maxBatch(), settings.queue(), settings.batching(),
                settings.shrink(), settings.batchDelay().toNanos(), settings.streamInterval().toNanos(),
                s -> new ServerMetrics(s::queueDepth, s::activeRows, s::capacity));
        this.metrics = scheduler.metrics();
        OrderReader reader = new OrderReader(settings, tokenizer, metadata.tempoBpm(), modelName(settings.model()));
        this.generate = new GenerateEndpoint(scheduler, reader, tokenizer, metrics, settings,
                modelName(settings.model()), backend, limits);
        // Every request in flight holds a thread while it waits (queued or in the batch), and so does every body being
        // read (at most bodyReaders); the 64 beyond them are for health checks, metrics, 429s and Jetty itself, and no
        // client can take them: a body beyond bodyReaders is refused unread.
        QueuedThreadPool pool = new QueuedThreadPool(settings.maxBatch() + settings.queue() + limits.bodyReaders() + 64,
                8, 60_000);
        pool.setName("cadenza-http");
        this.jetty = new Server(pool);
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(jetty, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new HeaderDeadline(limits.headerTimeout(), metrics));
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Routes()), "/*");
        JsonErrors errors = new JsonErrors(metrics);
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
                switch (path) {
                    case "/v1/generate" -> {
                        allow(method, "POST", path);
                        generate.handle(req, res);
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
                        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                        res.setStatus(200);
                        res.setContentType("text/plain; version=0.0.4; charset=utf-8");
                        res.setContentLength(text.length);
                        res.getOutputStream().write(text);
                    }
                    default -> throw new HttpProblem(404, "no such endpoint: " + method + " " + path);
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
        Generator generator = Generator.open(new ModelSpec(settings.model(), null, settings.device(), settings.threads()));
        return start(settings, limits, generator.model(), generator.metadata());
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
        String device = model.device().name().toLowerCase(java.util.Locale.ROOT);
        String fallback = model.fallbackReason().orElse(null);
        try {
            CadenzaServer server = new CadenzaServer(settings, limits, model, metadata, device, fallback);
            server.warmUp();
            server.scheduler.start();
            try {
                server.jetty.start();
            } catch (Exception e) {
                server.scheduler.close();
                server.stopJetty();
                throw bindProblem(settings, e);
            }
            server.ready = true;
            return server;
        } catch (RuntimeException e) {
            model.close();
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

    /** A few steps at batch 1 and at the full batch, so the first requests do not pay for ONNX Runtime's first calls. */
    private void warmUp() {
        for (int batch : new int[] {1, settings.maxBatch()}) {
            var state = model.newState(batch);
            long[] tokens = new long[batch];
            java.util.Arrays.fill(tokens, dev.cadenza.runtime.codec.SpecialTokens.START_ID);
            float[] probs = new float[batch * model.vocabularySize()];
            for (int i = 0; i < 3; i++) model.run(tokens, 1, state, probs);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + host + ":" + port();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** One line for the operator: where, what, how. */
    public String describe() {
        return "cadenza serve: ready at " + url() + " (model " + settings.model() + ", " + backend + ", device " + device
                + ", max batch " + settings.maxBatch() + ", queue " + settings.queue() + ", "
                + settings.batching().name().toLowerCase() + " batching)";
    }

    /** Why the device fell back to the CPU, or null. */
    public String fallback() {
        return fallback;
    }

    /**
     * Stops taking requests (readiness fails, new requests get 503), lets the ones in flight finish for up to
     * {@code grace}, then ends the rest with 503 and stops. Returns whether everything finished in time.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        generate.drain();
        scheduler.stopAccepting();
        long until = System.nanoTime() + grace.toNanos();
        while (generate.inFlight() > 0 && System.nanoTime() < until) Thread.sleep(20);
        boolean finished = generate.inFlight() == 0;
        scheduler.close(); // ends whatever is left: its requests are answered 503
        long answered = System.nanoTime() + 2_000_000_000L;
        while (generate.inFlight() > 0 && System.nanoTime() < answered) Thread.sleep(20);
        return finished;
    }

    @Override
    public void close() {
        ready = false;
        try {
            stopJetty();
        } finally {
            scheduler.close();
            model.close();
        }
    }

    private void stopJetty() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("cadenza serve: stopping the HTTP server: " + e);
        }
    }

    /** Alive while the scheduler works: a process whose scheduler died must be restarted, not kept. */
    private void liveness(HttpServletResponse res) throws java.io.IOException {
        String failure = scheduler.failure();
        if (failure == null) {
            send(res, 200, Map.of("status", "alive"));
        } else {
            send(res, 503, Map.of("status", "failed", "error", "the scheduler failed: " + failure));
        }
    }

    private void readiness(HttpServletResponse res) throws java.io.IOException {
        String failure = scheduler.failure();
        if (failure != null) {
            send(res, 503, Map.of("status", "failed", "error", "the scheduler failed: " + failure));
        } else if (ready && !draining && scheduler.working()) {
            send(res, 200, Map.of("status", "ready"));
        } else {
            send(res, 503, Map.of("status", draining ? "draining" : ready ? "stopped" : "starting"));
        }
    }

    /** Why generation cannot work any more (the scheduler failed), or null. */
    public String failure() {
        String f = scheduler.failure();
        return f == null ? null : "the scheduler failed: " + f;
    }

    private void models(HttpServletResponse res) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", modelName(settings.model()));
        m.put("file", settings.model().getFileName().toString());
        m.put("variant", metadata.variant());
        m.put("encoding", metadata.vocabulary().encodingName());
        m.put("encodingVersion", metadata.vocabulary().encodingVersion());
        m.put("vocabulary", metadata.vocabulary().size());
        m.put("embedding", metadata.embedding());
        m.put("layers", metadata.layers());
        m.put("hidden", metadata.hidden());
        m.put("tempoBpm", metadata.tempoBpm());
        m.put("backend", backend);
        m.put("device", device);
        try {
            m.put("training", json.readTree(metadata.trainingJson()));
        } catch (java.io.IOException e) {
            m.put("training", metadata.trainingJson());
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxBatch", settings.maxBatch());
        limits.put("queue", settings.queue());
        limits.put("batching", settings.batching().name().toLowerCase());
        limits.put("shrink", settings.shrink().name().toLowerCase());
        limits.put("maxLength", settings.maxLength());
        limits.put("maxTokens", settings.maxTokens());
        limits.put("maxBodyBytes", settings.maxBodyBytes());
        limits.put("deadlineMillis", settings.deadline().toMillis());
        send(res, 200, Map.of("models", List.of(m), "server", limits));
    }

    private void problem(HttpServletRequest req, HttpServletResponse res, int status, String reason, int retryAfter) {
        Outcome outcome = switch (status) {
            case 400, 404, 405, 406, 408, 415 -> Outcome.BAD_REQUEST;
            case 413 -> Outcome.TOO_LARGE;
            case 429 -> Outcome.REJECTED;
            case 503 -> Outcome.UNAVAILABLE;
            case 504 -> Outcome.TIMEOUT;
            default -> Outcome.ERROR;
        };
        if (req.getRequestURI().equals("/v1/generate")) metrics.refused(outcome);
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
