package dev.cadenza.server.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.app.ProgressBars;
import dev.cadenza.app.options.JsonFileOption;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.app.options.ModelOption;
import dev.cadenza.runtime.generate.DecodeBatch.Shrink;
import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.io.Counted;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.server.Batching;
import dev.cadenza.server.CadenzaServer;
import dev.cadenza.server.ServeSettings;
import dev.cadenza.server.load.LoadTest;
import dev.cadenza.server.load.RoundResult;
import dev.cadenza.server.load.SoakResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "loadtest", mixinStandardHelpOptions = true,
        header = "Load-test a generation server: tokens/s, latency, time to first note, against the offline loop.",
        description = {"Runs rounds of concurrent clients (JDK HttpClient, streaming requests, closed loop) against a "
                + "server and reports per client count: served tokens/s beside the offline batch loop at the same batch "
                + "size (measured in this process just before the round), request latency p50/p99, time to first "
                + "note, errors and 429 rejections.",
                "Without --url it starts its own server in this process (one command, one run). --soak runs an "
                        + "overload test for a fixed time instead and follows the server's resident memory.",
                "All traffic goes to the server's URL (127.0.0.1 by default); the numbers depend on what else the "
                        + "machine does: note the load average."},
        footer = {"", "Examples:",
                "  loadtest --clients 1,8,64,256 --requests 256 --length 500 --json-file out/load.json",
                "  loadtest --url http://127.0.0.1:8080 --clients 64 --lengths 50-1000",
                "  loadtest --clients 64 --lengths 50-1000 --batching continuous,request --no-offline",
                "  loadtest --rate 60,120 --requests 600 --lengths 50-1000 --batching continuous,request",
                "  loadtest --url http://127.0.0.1:8080 --clients 512 --soak 300 --length 200"})
public final class LoadtestCommand implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL",
            description = "A running server, e.g. http://127.0.0.1:8080 (default: start one in this process).")
    String url;

    @Option(names = "--clients", split = ",", defaultValue = "1,8,64,256", paramLabel = "N[,N...]",
            description = "Concurrent clients, one round each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "256", paramLabel = "N",
            description = "Requests per round, shared by its clients; at least one per client (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--length", defaultValue = "500", paramLabel = "T",
            description = "Tokens each request asks for (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--lengths", paramLabel = "MIN-MAX",
            description = "Mixed lengths instead: each request asks for a length drawn uniformly in MIN..MAX.")
    String lengths;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Request i uses seed S + i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", defaultValue = "64", paramLabel = "N",
            description = "Requests sent to each server before its measured rounds, and not counted, so that a fresh "
                    + "server's first round is not slowed by the JIT compiler (default: ${DEFAULT-VALUE}; 0: none).")
    int warmup;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Run each round N times, each right after its own offline run, and print the median ratio: on a busy machine, compare within pairs (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--offline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the offline batch loop beside each round (default: on; --no-offline skips it).")
    boolean offline;

    @Option(names = "--rate", split = ",", paramLabel = "PER_SECOND",
            description = "Open loop instead of closed-loop clients: --requests requests arrive at random (Poisson) "
                    + "times at this mean rate per second, each sent whether or not earlier ones were answered, as "
                    + "traffic from many independent users does. One round per rate; --clients is not used.")
    List<Double> rates;

    @Option(names = "--soak-warmup", defaultValue = "60", paramLabel = "SECONDS",
            description = "With --soak: run this long first; memory growth is measured over the --soak time after it (default: ${DEFAULT-VALUE}).")
    long soakWarmupSeconds;

    @Option(names = "--soak", paramLabel = "SECONDS",
            description = "Overload soak: each client count runs this long (429s are waited out per Retry-After) and the server's resident memory is sampled.")
    Long soakSeconds;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "A client gives up on a request after this long (counted as an error and a timeout; default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    JsonOption json;

    @Mixin
    JsonFileOption jsonFile;

    /** The model of the in-process server and of the offline loop. */
    @Mixin
    ModelOption model;

    @Option(names = "--batching", split = ",", defaultValue = "continuous", paramLabel = "continuous|request",
            description = "In-process server only: batching mode(s); each runs every round (default: ${DEFAULT-VALUE}).")
    List<Batching> batching;

    @Option(names = "--max-batch", defaultValue = "256", paramLabel = "ROWS", description = "In-process server: --max-batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--queue", defaultValue = "1024", paramLabel = "N", description = "In-process server: --queue (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime threads of the in-process server and of the offline loop (0: one per core).")
    int threads;

    @Spec
    CommandSpec spec;

    private ProgressBars.Stages bar;

    @Override
    public Integer call() throws Exception {
        // With --json, stdout carries the JSON alone and the running table goes to stderr.
        PrintWriter out = json.requested() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) throw new IllegalArgumentException("--clients must be positive numbers");
        if (requests < 1) throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        if (soakWarmupSeconds < 0) throw new IllegalArgumentException("--soak-warmup must be 0 or more, got " + soakWarmupSeconds);
        if (rates != null && (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0)))) {
            throw new IllegalArgumentException("--rate must be positive numbers (requests per second)");
        }
        if (rates != null && soakSeconds != null) throw new IllegalArgumentException("give --rate or --soak, not both");
        jsonFile.checkWritable();
        LoadTest.Lengths lens = lengths != null ? parseLengths(lengths) : new LoadTest.Lengths(length, length);
        Path modelFile = model.orShipped();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadavgBefore", loadavg());
        report.put("url", url == null ? "in-process" : url);
        report.put("lengths", lens.toString());
        report.put("requestsPerRound", requests);
        List<Object> results = new ArrayList<>();
        out.printf("load average before: %s%n", loadavg());
        int perMode = rates != null ? rates.size() : clients.size() * (soakSeconds != null ? 1 : Math.max(1, repeat));
        int rounds = (url != null ? 1 : batching.size()) * perMode;
        try (OnnxStepModel reference = offline && rates == null && soakSeconds == null ? OnnxStepModel.open(modelFile, OnnxOptions.of(Device.CPU, threads)) : null;
             ProgressBars.Stages stages = ProgressBars.stages("loadtest", rounds)) {
            bar = stages;
            if (url != null) {
                LoadTest test = new LoadTest(url, Duration.ofSeconds(timeoutSeconds));
                runAll(test, test.batching(), reference, out, results);
            } else {
                for (Batching mode : batching) {
                    ServeSettings d = ServeSettings.defaults(modelFile);
                    ServeSettings s = d.toBuilder().port(0).threads(threads).maxBatch(maxBatch).queue(queue).batching(mode)
                            .device(Device.CPU).shrink(Shrink.LAZY).maxLength(Math.max(d.maxLength(), lens.max()))
                            .maxTokens(Math.max(d.maxTokens(), lens.max())).deadline(Duration.ofSeconds(timeoutSeconds)).build();
                    try (CadenzaServer server = CadenzaServer.start(s)) {
                        out.println(server.describe());
                        runAll(new LoadTest(server.url(), Duration.ofSeconds(timeoutSeconds)), mode.name().toLowerCase(),
                                reference, out, results);
                    }
                }
            }
        }
        report.put("loadavgAfter", loadavg());
        report.put(soakSeconds != null ? "soak" : "rounds", results);
        out.printf("load average after: %s%n", loadavg());
        out.flush();
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
        if (json.requested()) {
            spec.commandLine().getOut().println(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        if (jsonFile.file().isPresent()) AtomicFiles.write(jsonFile.file().get(), bytes);
        return 0;
    }

    private void runAll(LoadTest test, String mode, OnnxStepModel reference, PrintWriter out, List<Object> results)
            throws InterruptedException {
        LoadTest.Lengths lens = lengths != null ? parseLengths(lengths) : new LoadTest.Lengths(length, length);
        if (warmup > 0 && soakSeconds == null) {
            int c = Math.min(warmup, clients.get(0));
            out.printf("warm-up: %s from %s, not counted%n", Counted.of(warmup, "request"), Counted.of(c, "client"));
            out.flush();
            test.round(c, warmup, lens, seed + 1_000_000, mode, null);
        }
        if (soakSeconds != null) {
            for (int c : clients) {
                out.printf("soak: %s for %d s after %d s of warm-up ...%n", Counted.of(c, "client"), soakSeconds, soakWarmupSeconds);
                out.flush();
                bar.begin(mode + ", " + Counted.of(c, "client") + ", soak");
                SoakResult r = test.soak(c, Duration.ofSeconds(soakWarmupSeconds), Duration.ofSeconds(soakSeconds), lens, seed);
                bar.done();
                out.printf("  ok %d, rejected (429) %d, errors %d, timeouts %d, p50 %.0f ms, p99 %.0f ms, RSS %s MiB, growth %.1f %%%n",
                        r.ok(), r.rejected(), r.errors(), r.timeouts(), r.p50Millis(), r.p99Millis(), r.rssMiB(), r.rssGrowthPercent());
                out.flush();
                results.add(r);
            }
            return;
        }
        if (rates != null) {
            out.printf("%-10s %8s %10s %9s %11s %9s %9s %10s %6s %8s%n", "batching", "rate/s", "in flight", "requests",
                    "tokens/s", "p50 ms", "p99 ms", "1st note", "errors", "rejected");
            for (double rate : rates) {
                bar.begin(mode + ", " + rate + " requests/s");
                RoundResult r = test.openRound(rate, requests, lens, seed, mode);
                bar.done();
                out.printf("%-10s %8.1f %10.1f %9d %11.0f %9.1f %9.1f %10.1f %6d %8d%n", r.batching(), r.ratePerSecond(),
                        r.meanInFlight(), r.requests(), r.tokensPerSecond(), r.p50Millis(), r.p99Millis(),
                        r.firstNoteMillis(), r.errors(), r.rejected());
                out.flush();
                results.add(r);
            }
            return;
        }
        out.printf("%-10s %7s %9s %11s %11s %6s %9s %9s %10s %6s %8s%n", "batching", "clients", "requests", "tokens/s",
                "offline t/s", "ratio", "p50 ms", "p99 ms", "1st note", "errors", "rejected");
        for (int c : clients) {
            List<Double> ratios = new ArrayList<>();
            List<Double> latencyRatios = new ArrayList<>();
            for (int rep = 0; rep < Math.max(1, repeat); rep++) {
                var ref = reference == null || lens.min() != lens.max() ? null
                        : dev.cadenza.server.load.OfflineReference.run(reference, Math.min(c, maxBatchOf(test)), lens.min(), seed);
                bar.begin(mode + ", " + Counted.of(c, "client"));
                RoundResult r = test.round(c, requests, lens, seed, mode, ref);
                bar.done();
                out.printf("%-10s %7d %9d %11.0f %11.0f %6s %9.1f %9.1f %10.1f %6d %8d%n", r.batching(), r.clients(), r.requests(),
                        r.tokensPerSecond(), r.offlineTokensPerSecond(),
                        r.offlineTokensPerSecond() > 0 ? String.format("%.2f", r.tokensPerSecond() / r.offlineTokensPerSecond()) : "-",
                        r.p50Millis(), r.p99Millis(), r.firstNoteMillis(), r.errors(), r.rejected());
                out.flush();
                results.add(r);
                if (r.offlineTokensPerSecond() > 0) ratios.add(r.tokensPerSecond() / r.offlineTokensPerSecond());
                if (r.offlineBatchMillis() > 0) latencyRatios.add(r.p50Millis() / r.offlineBatchMillis());
            }
            if (repeat > 1 && !ratios.isEmpty()) {
                out.printf("  %s, median of %d: served/offline tokens/s %.2f, p50 latency/offline batch time %.2f%n",
                        Counted.of(c, "client"), ratios.size(), median(ratios), median(latencyRatios));
                out.flush();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        java.util.Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private int maxBatchOf(LoadTest test) {
        return url == null ? maxBatch : Integer.MAX_VALUE;
    }

    private static LoadTest.Lengths parseLengths(String text) {
        String[] p = text.split("-", 2);
        try {
            int a = Integer.parseInt(p[0].trim());
            return new LoadTest.Lengths(a, p.length == 2 ? Integer.parseInt(p[1].trim()) : a);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lengths must be T or MIN-MAX, got '" + text + "'");
        }
    }

    static String loadavg() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
