package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A soak: normal clients in a closed loop, first alone, then with one hostile request (a fuzz input from
 * {@link HttpFuzzTest}, or a long primer) for every nine normal ones. The normal requests' p99 latency may at most
 * double, and resident memory must stay flat. Minutes long, so it runs in the long profile only:
 * {@code mvn -B -Pfuzz-long -pl runtime,server -am verify}, or alone with
 * {@code -Dcadenza.soak=true -Dtest=HostileSoakTest -pl server -am test}.
 */
class HostileSoakTest {
    static final int CLIENTS = 4;
    static final long PHASE_MILLIS = Long.getLong("cadenza.soak.millis", 30_000);
    static final String NORMAL = "{\"length\": 40, \"seconds\": 0, \"seed\": %d}";

    @Test
    void normalRequestsKeepTheirP99WithinTwiceACleanRunAndMemoryStaysFlat() throws Exception {
        assumeTrue(Boolean.getBoolean("cadenza.soak") || Integer.getInteger("cadenza.fuzz.inputs", 2000) >= 100_000,
                "a long-profile test: -Dcadenza.soak=true or -Pfuzz-long");
        ServeSettings settings = FailureTest.small(8, 32).withLimits(2000, 100_000, 1 << 20, Duration.ofSeconds(30));
        HttpLimits limits = new HttpLimits(Duration.ofMillis(500), Duration.ofMillis(500), 1024, 16);
        try (TestServer s = new TestServer(CadenzaServer.start(settings, limits))) {
            phase(s, false, PHASE_MILLIS / 3); // warm-up: JIT, ONNX Runtime's shapes
            List<Long> clean = phase(s, false, PHASE_MILLIS);
            long rssBefore = ServerMetrics.residentBytes();
            List<Long> mixed = phase(s, true, PHASE_MILLIS);
            long rssAfter = ServerMetrics.residentBytes();
            long p99Clean = p99(clean);
            long p99Mixed = p99(mixed);
            String summary = String.format("soak: %d clients, %d s per phase; clean %d requests p99 %d ms; with 10 %% hostile "
                    + "%d normal requests p99 %d ms (x%.2f); RSS %d -> %d MiB; scheduler %s", CLIENTS, PHASE_MILLIS / 1000,
                    clean.size(), p99Clean, mixed.size(), p99Mixed, p99Mixed / (double) p99Clean, rssBefore >> 20, rssAfter >> 20,
                    s.server.scheduler().working() ? "working" : "FAILED");
            System.out.println(summary);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "soak-report.txt"), java.time.Instant.now() + " " + summary + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            assertTrue(s.server.scheduler().working());
            assertEquals(200, s.get("/healthz").statusCode());
            assertTrue(p99Mixed <= 2 * p99Clean, summary);
            assertTrue(rssAfter <= rssBefore + (256L << 20), "resident memory grew: " + summary);
        }
    }

    /** Runs the normal clients (and, if asked, the hostile one) for {@code millis}; the normal latencies in ms. */
    private static List<Long> phase(TestServer s, boolean hostile, long millis) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger normal = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            threads.add(started(() -> {
                for (int i = 0; !stop.get(); i++) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = s.post(String.format(NORMAL, client * 100_000 + i));
                        if (r.statusCode() != 200) throw new AssertionError(r.statusCode() + " " + new String(r.body()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    latencies.add((System.nanoTime() - t0) / 1_000_000);
                    normal.incrementAndGet();
                }
            }));
        }
        if (hostile) {
            threads.add(started(() -> {
                Random random = new Random(7);
                String primer = PrimerCostTest.primer(1500);
                int sent = 0;
                while (!stop.get()) {
                    if (sent * 9 >= normal.get()) { // one hostile request per nine normal ones
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                        continue;
                    }
                    sent++;
                    try {
                        if (sent % 10 == 0) {
                            s.post("{\"count\": 1, \"length\": 5, \"seed\": 9, \"primer\": \"" + primer + "\"}");
                        } else {
                            RawHttp.send(s.server.port(), HttpFuzzTest.input(random), 1, 10_000);
                        }
                    } catch (Exception e) {
                        // refused, reset or closed: the hostile side does not care
                    }
                }
            }));
        }
        Thread.sleep(millis);
        stop.set(true);
        for (Thread t : threads) t.join(60_000);
        return latencies;
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body, "soak-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long p99(List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }
}
