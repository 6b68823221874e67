package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cadenza loadtest in its one-command form: it starts its own server, drives it, and reports every figure. */
class LoadtestCommandTest {
    @TempDir
    Path dir;

    @Test
    void inProcessRoundsReportServedAndOfflineFigures() throws Exception {
        Path json = dir.resolve("load.json");
        CliRun run = CliRun.of("loadtest", "--model", "../models/default.onnx", "--clients", "1,3", "--requests", "3",
                "--length", "30", "--max-batch", "4", "--threads", "1", "--json", "--json-file", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        // --json: stdout is the JSON alone, the running table goes to stderr; --json-file writes the same report.
        assertTrue(run.err().contains("cadenza serve: ready at http://127.0.0.1:"), run.err());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(report, new ObjectMapper().readTree(run.out()));
        JsonNode rounds = report.get("rounds");
        assertEquals(2, rounds.size());
        for (JsonNode r : rounds) {
            for (String field : new String[] {"clients", "tokensPerSecond", "offlineTokensPerSecond", "p50Millis",
                    "p99Millis", "firstNoteMillis", "errors", "rejected"}) {
                assertTrue(r.has(field), field);
            }
            assertEquals(0, r.get("errors").asInt());
            assertEquals(0, r.get("rejected").asInt());
            assertEquals(3, r.get("requests").asInt());
            assertTrue(r.get("tokens").asLong() > 0 && r.get("tokens").asLong() <= 90);
            assertTrue(r.get("tokensPerSecond").asDouble() > 0);
            assertTrue(r.get("offlineTokensPerSecond").asDouble() > 0);
            assertTrue(r.get("p99Millis").asDouble() >= r.get("p50Millis").asDouble());
            assertTrue(r.get("firstNoteMillis").asDouble() > 0);
        }
        assertEquals("continuous", rounds.get(0).get("batching").asText());
        assertTrue(report.get("loadavgBefore").asText().split(" ").length == 3);
    }

    @Test
    void openLoopRoundsSendAtTheirOwnPaceAndReportHowManyWereInFlight() throws Exception {
        Path json = dir.resolve("open.json");
        CliRun run = CliRun.of("loadtest", "--model", "../models/default.onnx", "--rate", "40", "--requests", "8",
                "--lengths", "10-40", "--max-batch", "4", "--threads", "1", "--batching", "continuous,request",
                "--json-file", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode rounds = new ObjectMapper().readTree(json.toFile()).get("rounds");
        assertEquals(2, rounds.size());
        for (JsonNode r : rounds) {
            assertEquals("poisson", r.get("arrivals").asText());
            assertEquals(40.0, r.get("ratePerSecond").asDouble());
            assertEquals(8, r.get("requests").asInt());
            assertEquals(0, r.get("errors").asInt());
            assertTrue(r.get("meanInFlight").asDouble() > 0);
            assertTrue(r.get("p99Millis").asDouble() >= r.get("p50Millis").asDouble());
        }
        assertEquals("continuous", rounds.get(0).get("batching").asText());
        assertEquals("request", rounds.get(1).get("batching").asText());
    }

    @Test
    void badValuesAreRefusedBeforeAnyRoundRuns() {
        Path missing = dir.resolve("no-such-folder").resolve("load.json");
        for (String[] args : new String[][] {
                {"loadtest", "--json-file", missing.toString()},
                {"bench", "--json-file", missing.toString(), "--backends", "ort-cpu"},
                {"loadtest", "--warmup", "-1"},
                {"loadtest", "--soak", "5", "--soak-warmup", "-1"},
                {"loadtest", "--rate", "0"}}) {
            long t0 = System.nanoTime();
            CliRun run = CliRun.of(args);
            assertEquals(1, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
            assertTrue(run.err().contains(args[1]) || run.err().contains("no-such-folder"), run.err());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused before measuring");
        }
        assertFalse(java.nio.file.Files.exists(missing.getParent()));
    }
}
