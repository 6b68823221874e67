package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTinyBenchYieldsAWellFormedReport() throws Exception {
        Path json = dir.resolve("bench.json");
        Path chart = dir.resolve("bench.png");
        CliRun run = CliRun.of("bench", "--model", GenerateCommandTest.MODEL, "--batch", "1,2", "--steps", "5",
                "--repeat", "1", "--warmup", "1", "--window", "4", "--backends", "ort-cpu,dl4j",
                "--json-file", json.toString(), "--chart", chart.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| ort-cpu | 1 |"), run.out());
        assertTrue(run.out().contains("| ort-cpu | 2 |"), run.out());
        assertTrue(run.out().contains("| dl4j | - | unavailable (1, below) |"), run.out());
        assertTrue(run.out().contains("1. dl4j: needs --run"), run.out());
        // every table row has its ten columns: no reason, however long, breaks into the table
        run.out().lines().filter(l -> l.startsWith("| ")).forEach(l -> assertEquals(11, l.chars().filter(c -> c == '|').count(), l));
        assertTrue(run.out().contains("stateful vs windowed"), run.out());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertTrue(report.get("model").get("flopsPerToken").asLong() > 0);
        assertTrue(report.get("matmulGflops").asDouble() > 0);
        JsonNode ort = report.get("backends").get(0);
        assertEquals("ort-cpu", ort.get("name").asText());
        assertEquals(2, ort.get("results").size());
        for (JsonNode r : ort.get("results")) {
            assertTrue(r.get("tokensPerSecond").asDouble() > 0);
            assertTrue(r.get("p99Micros").asDouble() >= r.get("p50Micros").asDouble());
        }
        assertFalse(report.get("backends").get(1).get("available").asBoolean());
        assertTrue(report.get("windowedVsStateful").get("ratio").asDouble() > 0);
        assertTrue(ImageIO.read(chart.toFile()).getWidth() > 100);
        assertTrue(Files.size(chart) > 1000);
    }

    @Test
    void unavailableBackendsAreExplainedBelowTheTableWithAdviceBenchCanTake() throws Exception {
        Path lone = dir.resolve("lone.onnx");
        Files.copy(Path.of(GenerateCommandTest.MODEL), lone);
        CliRun run = CliRun.of("bench", "--model", lone.toString(), "--batch", "1", "--steps", "3", "--repeat", "1",
                "--warmup", "0", "--window", "4", "--backends", "ort-cpu,ort-cuda,samediff");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("samediff: needs the portable export " + dir.resolve("lone.portable.onnx")), run.out());
        assertTrue(run.out().contains("--variant both"), run.out());
        assertFalse(run.out().contains("--device"), "bench has no --device option: " + run.out());
        run.out().lines().filter(l -> l.startsWith("| ")).forEach(l -> assertEquals(11, l.chars().filter(c -> c == '|').count(), l));
    }

    @Test
    void jsonPrintsTheReportOnStdoutLikeEveryOtherCommand() throws Exception {
        CliRun run = CliRun.of("bench", "--model", GenerateCommandTest.MODEL, "--batch", "1", "--steps", "3",
                "--repeat", "1", "--warmup", "0", "--window", "4", "--backends", "ort-cpu", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("ort-cpu", report.get("backends").get(0).get("name").asText());
        assertFalse(run.out().contains("| ort-cpu |"), "no Markdown table mixed into the JSON");
    }
}
