package dev.cadenza.server.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a running server with concurrent clients (closed loop: each client sends its next request when the last
 * one is answered) or with requests arriving at random times (open loop) and measures what they see. All traffic goes to the given URL; nothing else is contacted.
 */
public final class LoadTest {
    /** The tokens one request asks for: one length, or uniform in [min, max]. */
    public record Lengths(int min, int max) {
        public Lengths {
            if (min < 1 || max < min) throw new IllegalArgumentException("lengths must be 1 <= MIN <= MAX, got " + min + "-" + max);
        }

        int pick(long seed, int index) {
            if (min == max) return min;
            return min + new SplittableRandom(seed * 31 + index).nextInt(max - min + 1);
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "-" + max;
        }
    }

    private final String url;
    private final HttpClient http = LoadClient.newHttpClient();
    private final LoadClient client;

    public LoadTest(String url, Duration timeout) {
        this.url = url;
        this.client = new LoadClient(http, url, timeout);
    }

    /** The server's batching mode, from {@code /v1/models}. */
    public String batching() {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("server").get("batching").asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * {@code clients} clients share {@code requests} requests (each client at least one).
     *
     * @param offline the offline loop's figures for this round, or null
     */
    public RoundResult round(int clients, int requests, Lengths lengths, long seed, String batching,
                             OfflineReference.Figures offline) throws InterruptedException {
        int total = Math.max(requests, clients);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < total; ) {
                    outcomes.add(client.send(lengths.pick(seed, i), seed + i));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.DAYS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return summarise(clients, batching, lengths, outcomes, seconds, offline);
    }

    private static RoundResult summarise(int clients, String batching, Lengths lengths, Iterable<RequestOutcome> outcomes,
                                         double seconds, OfflineReference.Figures offline) {
        int requests = 0;
        long tokens = 0;
        int errors = 0;
        int rejected = 0;
        int timeouts = 0;
        List<Double> latency = new ArrayList<>();
        List<Double> firstNote = new ArrayList<>();
        for (RequestOutcome o : outcomes) {
            requests++;
            tokens += o.tokens();
            if (o.ok()) {
                latency.add(o.millis());
                if (o.firstNoteMillis() >= 0) firstNote.add(o.firstNoteMillis());
            } else if (o.rejected()) {
                rejected++;
            } else {
                errors++;
            }
            if (o.timedOut()) timeouts++;
        }
        return new RoundResult(clients, batching, requests, lengths.toString(), tokens, round(seconds, 3),
                round(tokens / seconds, 0), offline == null ? 0 : round(offline.tokensPerSecond(), 0),
                offline == null ? 0 : round(offline.millis(), 1), round(percentile(latency, 50), 1),
                round(percentile(latency, 99), 1), round(percentile(firstNote, 50), 1), errors, rejected, timeouts,
                "closed", 0, 0);
    }

    /**
     * Open loop: {@code requests} requests arriving as a Poisson process of {@code ratePerSecond} (exponential gaps
     * drawn from {@code seed}), each sent at its time whether or not earlier ones were answered: traffic from many
     * independent users, where a closed loop would slow its own arrivals down whenever the server is slow.
     */
    public RoundResult openRound(double ratePerSecond, int requests, Lengths lengths, long seed, String batching)
            throws InterruptedException {
        ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loadtest-open");
            t.setDaemon(true);
            return t;
        });
        SplittableRandom gaps = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long t0 = System.nanoTime();
        double at = 0;
        for (int i = 0; i < requests; i++) {
            at += -Math.log(1 - gaps.nextDouble()) / ratePerSecond;
            long wait = t0 + (long) (at * 1e9) - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            int index = i;
            pool.execute(() -> outcomes.add(client.send(lengths.pick(seed, index), seed + index)));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.DAYS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        RoundResult r = summarise(0, batching, lengths, outcomes, seconds, null);
        double busy = outcomes.stream().filter(RequestOutcome::ok).mapToDouble(RequestOutcome::millis).sum() / 1000;
        return r.openLoop(ratePerSecond, round(busy / seconds, 1));
    }

    /**
     * Overload: {@code clients} clients for {@code warmup} then {@code duration}; a 429 makes a client wait the
     * Retry-After it names. Resident memory is sampled every 10 s throughout; its growth is measured over
     * {@code duration} only, from the first sample after the warm-up (JIT, thread pools and allocator arenas settle).
     */
    public SoakResult soak(int clients, Duration warmup, Duration duration, Lengths lengths, long seed) throws InterruptedException {
        long end = System.nanoTime() + warmup.toNanos() + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    RequestOutcome o = client.send(lengths.pick(seed, i), seed + i);
                    outcomes.add(o);
                    if (o.rejected()) {
                        try {
                            Thread.sleep(Math.max(1, o.retryAfter()) * 1000L);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
        }
        pool.shutdown();
        List<Double> rss = new ArrayList<>();
        long t0 = System.nanoTime();
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) rss.add(residentMiB());
        rss.add(residentMiB());
        double seconds = (System.nanoTime() - t0) / 1e9;
        int ok = 0;
        int rejected = 0;
        int errors = 0;
        int timeouts = 0;
        List<Double> latency = new ArrayList<>();
        for (RequestOutcome o : outcomes) {
            if (o.ok()) {
                ok++;
                latency.add(o.millis());
            } else if (o.rejected()) {
                rejected++;
            } else {
                errors++;
            }
            if (o.timedOut()) timeouts++;
        }
        int warm = (int) Math.min(rss.size() - 1, warmup.toSeconds() / 10); // samples are 10 s apart
        double growth = rss.isEmpty() ? 0 : (rss.get(rss.size() - 1) - rss.get(warm)) / rss.get(warm) * 100;
        return new SoakResult(clients, round(seconds, 1), warmup.toSeconds(), ok, rejected, errors, timeouts,
                round(percentile(latency, 50), 1), round(percentile(latency, 99), 1), rss, round(growth, 1));
    }

    /** The server's resident memory from its /metrics, in MiB (0 when it cannot be read). */
    double residentMiB() {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("cadenza_process_resident_memory_bytes ")) {
                    return round(Double.parseDouble(line.substring(line.indexOf(' ') + 1)) / (1 << 20), 1);
                }
            }
        } catch (Exception e) {
            // reported as 0
        }
        return 0;
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return 0;
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}
