package dev.cadenza.server.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.cadenza.app.options.ModelOption;
import dev.cadenza.runtime.generate.DecodeBatch.Shrink;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.server.Batching;
import dev.cadenza.server.CadenzaServer;
import dev.cadenza.server.CorsPolicy;
import dev.cadenza.server.ModelSource;
import dev.cadenza.server.ServeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve generation over HTTP, batching concurrent requests step by step.",
        description = {"A long-running generation service: the model stays warm, and every request joins the running "
                + "batch at the next step (continuous batching), so many clients share each step of the network.",
                "",
                "Open the URL it prints in a browser for the playground page. Endpoints: POST /v1/generate (JSON, "
                        + "audio/midi, or a stream of NDJSON or Server-Sent Events), GET /v1/models, POST /v1/render "
                        + "(MIDI to WAV), POST /v1/pianoroll (MIDI to PNG), /openapi.json, /healthz, /readyz, /metrics "
                        + "(Prometheus). SIGTERM stops taking requests, lets those in flight finish "
                        + "(--grace) and exits 0. See docs/serving.md."},
        footer = {"", "Examples:",
                "  serve                                  the shipped model on http://127.0.0.1:8080",
                "  serve --host 0.0.0.0 --port 9000 --max-batch 64",
                "  serve --model piano=models/default.onnx --model small=out/small.onnx",
                "  curl -s localhost:8080/v1/generate -d '{\"count\": 2, \"seed\": 7, \"length\": 200}'"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "[NAME=]FILE.onnx|FOLDER",
            description = {"A model to serve; repeat it to serve several in one process, each with its own batch. "
                    + "NAME=FILE serves FILE as NAME; FILE alone is named after the file (default.onnx: default); a "
                    + "FOLDER serves every .onnx in it. A request chooses one with \"model\": NAME; without it, the "
                    + "first. Default: the shipped " + ModelOption.SHIPPED + "."})
    List<String> models;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let web pages from ORIGIN (https://app.example, http://localhost:3000) call the service from "
                    + "a browser; repeat for several, '*' for any. Default: none (the playground page at / is served "
                    + "from the service itself and needs no CORS). Credentials are never allowed.")
    List<String> corsOrigins;

    @Option(names = "--watch",
            description = "Keep watching each --model FOLDER while serving: a .onnx file added is loaded, one removed is "
                    + "unloaded (its requests in flight finish first), one replaced is loaded again; checked every 2 s. "
                    + "A file that is not a model is reported and skipped. Copy a model elsewhere and rename it in.")
    boolean watch;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 opens the service to other machines (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-batch", defaultValue = "256", paramLabel = "ROWS",
            description = "Most pieces that grow together in one step (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--queue", defaultValue = "1024", paramLabel = "N",
            description = "Most requests waiting for rows; the next one is answered 429 with Retry-After at once (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--batching", defaultValue = "continuous", paramLabel = "continuous|request",
            description = "continuous: requests join the running batch at the next step; request: only when the batch is empty (for comparison). Default: ${DEFAULT-VALUE}.")
    Batching batching;

    @Option(names = "--shrink", defaultValue = "lazy", paramLabel = "eager|lazy|never",
            description = "When rows of finished pieces leave the batch's tensors (new rows fill them first): eager, lazy (once a quarter are free) or never. Default: ${DEFAULT-VALUE}.")
    Shrink shrink;

    @Option(names = "--batch-delay", defaultValue = "10", paramLabel = "MS",
            description = "With --batching request: how long a batch waits for more requests before it starts (default: ${DEFAULT-VALUE}).")
    long batchDelayMillis;

    @Option(names = "--max-length", defaultValue = "10000", paramLabel = "N",
            description = "Most tokens a piece may ask for (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--max-tokens", defaultValue = "1000000", paramLabel = "N",
            description = "Most tokens a request may ask for in all, count x length; more is answered 413 (default: ${DEFAULT-VALUE}).")
    long maxTokens;

    @Option(names = "--max-body", defaultValue = "1048576", paramLabel = "BYTES",
            description = "Largest request body (a base64 primer counts); more is answered 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--deadline", defaultValue = "300", paramLabel = "SECONDS",
            description = "Longest a request may take, queue included; then 504 and its rows are freed. A request may ask for less with deadlineMillis (default: ${DEFAULT-VALUE}).")
    long deadlineSeconds;

    @Option(names = "--grace", defaultValue = "30", paramLabel = "SECONDS",
            description = "On SIGTERM, how long requests in flight get to finish (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--stream-interval", defaultValue = "500", paramLabel = "MS",
            description = "Streaming requests (\"stream\": true): how often new notes are sent, in milliseconds, once "
                    + "a piece's first note is out (until then every 10 ms). Pieces grow many times faster than they play, so "
                    + "each batch holds seconds of music; shorter intervals cost the model CPU time (default: ${DEFAULT-VALUE}).")
    long streamIntervalMillis;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "auto (CUDA if it can be loaded, else CPU), cpu, or cuda. Default: ${DEFAULT-VALUE}.")
    Device device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for ONNX Runtime (0: one per core). The HTTP threads mostly wait; the model's threads do the work.")
    int threads;

    @Spec
    CommandSpec spec;

    /** The settings, with the first model as the settings' model (the default one). */
    public ServeSettings settings() throws Exception {
        return settings(ModelList.of(models).get(0).file());
    }

    private ServeSettings settings(Path file) {
        return ServeSettings.builder(file).host(host).port(port).device(device).threads(threads).maxBatch(maxBatch)
                .queue(queue).batching(batching).shrink(shrink).batchDelay(Duration.ofMillis(batchDelayMillis))
                .maxLength(maxLength).maxTokens(maxTokens).maxBodyBytes(maxBody).deadline(Duration.ofSeconds(deadlineSeconds))
                .grace(Duration.ofSeconds(graceSeconds)).streamInterval(Duration.ofMillis(streamIntervalMillis)).build();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ModelSource> sources = ModelList.of(models);
        ServeSettings settings = settings(sources.get(0).file());
        CadenzaServer server = CadenzaServer.start(settings, sources, CorsPolicy.of(corsOrigins));
        dev.cadenza.app.DeviceNote.of(server.fallback(), settings.device()).ifPresent(err::println);
        out.println(server.describe());
        out.flush();
        List<dev.cadenza.server.ModelWatcher> watchers = new java.util.ArrayList<>();
        if (watch) {
            for (String value : models == null ? List.<String>of() : models) {
                if (value.indexOf('=') <= 0 && java.nio.file.Files.isDirectory(Path.of(value))) {
                    watchers.add(new dev.cadenza.server.ModelWatcher(server, Path.of(value), Duration.ofSeconds(2), err).start());
                }
            }
            if (watchers.isEmpty()) err.println("cadenza serve: --watch: no --model FOLDER to watch");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            try {
                for (dev.cadenza.server.ModelWatcher w : watchers) w.close();
                err.println("cadenza serve: stopping; requests in flight get up to " + settings.grace().toSeconds() + " s");
                err.flush();
                boolean clean = server.drain(settings.grace());
                if (!clean) err.println("cadenza serve: the grace period ran out; the rest were answered 503");
                server.close();
                err.println("cadenza serve: stopped");
                err.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        };
        Signals.onTermination(stop);
        // A serve process whose scheduler died cannot generate: it stops (exit 70) instead of staying up half-alive.
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            String failure = server.failure();
            if (failure != null) {
                err.println("cadenza serve: " + failure + "; stopping");
                err.flush();
                stop.run();
                return 70;
            }
        }
        return 0;
    }
}
