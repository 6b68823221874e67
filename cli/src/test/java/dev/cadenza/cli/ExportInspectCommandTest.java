package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.trainer.TrainingListener;
import dev.cadenza.trainer.TrainingSession;
import dev.cadenza.trainer.TrainingSettings;
import dev.cadenza.trainer.Trainer;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export and inspect on a real (tiny) training run made by the trainer from two real pieces. */
class ExportInspectCommandTest {
    @TempDir
    static Path shared;
    static Path run;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAndExport() throws Exception {
        Path corpus = Files.createDirectories(shared.resolve("corpus"));
        for (String name : new String[] {"satie-gymnopedie-no1.mid", "peacherine-rag.mid"}) {
            Files.copy(Path.of("..", "midi_songs", name), corpus.resolve(name));
        }
        TrainingSettings settings = new TrainingSettings(corpus.toString(), Encodings.DEFAULT, "tiny", 8, 2, 16, 8, 0.1,
                16, 16, 16, "adam", 1e-2, 1.0, 1, 0, 1L, 0, 0.5, 1, TrainingSettings.Mode.MANY_TO_MANY, 4);
        run = shared.resolve("runs/tiny-run");
        TrainingSession.start(settings, run).train(new Trainer(), TrainingListener.NONE);
        model = shared.resolve("models/tiny.onnx");
        // CI's export test proves the SameDiff side too (opt-in for users: it takes most of a minute)
        CliRun r = CliRun.of("export", run.toString(), "--out", model.toString(), "--variant", "both", "--windows", "2",
                "--check", "samediff");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("DL4J output()"), r.out());
        assertTrue(r.out().contains("SameDiff portable"), r.out());
        assertTrue(r.out().contains("wrote " + model), r.out());
        assertFalse(r.out().contains("FAIL"), r.out());
    }

    @Test
    void exportLeavesSameDiffOutUnlessAsked() {
        Path quick = dir.resolve("quick.onnx");
        CliRun r = CliRun.of("export", run.toString(), "--out", quick.toString(), "--windows", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("ORT portable, one step"), r.out());
        assertFalse(r.out().contains("SameDiff"), r.out());
        assertTrue(Files.isRegularFile(quick));
        CliRun wrong = CliRun.of("export", run.toString(), "--out", dir.resolve("x.onnx").toString(), "--check", "samdiff");
        assertEquals(2, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().contains("--check"), wrong.err());
    }

    @Test
    void evaluateTakesTheCorpusTheRunOrModelRecords() throws Exception {
        // the working folder's midi_songs/ does not hold the run's validation pieces' corpus: the run's own is used
        for (String[] args : new String[][] {{"--run", run.toString()}, {}}) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("evaluate", "--model", model.toString(),
                    "--device", "cpu", "--json"));
            command.addAll(java.util.List.of(args));
            CliRun r = CliRun.of(command.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertEquals(shared.resolve("corpus").toString(), j.get("corpus").asText(), r.out());
            assertEquals(2, j.get("heldOut").size(), r.out());
            // the warning says exactly when the model is worse than the 3-gram on the same tokens
            boolean worse = j.get("heldOut").get(0).get("nllPerToken").asDouble() > j.get("heldOut").get(1).get("nllPerToken").asDouble();
            assertEquals(worse, r.err().contains("worse than the 3-gram baseline"), r.err());
        }
    }

    @Test
    void exportWarnsWhenTheRunIsWorseThanTheBaseline() throws Exception {
        dev.cadenza.trainer.RunState state = dev.cadenza.trainer.RunFolder.open(run).state();
        CliRun r = CliRun.of("export", run.toString(), "--out", dir.resolve("w.onnx").toString(), "--windows", "1");
        assertEquals(0, r.exitCode(), r.err());
        boolean worse = state.bestValLoss() > state.ngramValLoss();
        assertEquals(worse, r.err().contains("warning: its validation loss"), r.err());
        assertEquals(worse ? 1 : 0, r.err().lines().filter(l -> l.contains("3-gram")).count(), r.err());
    }

    @Test
    void exportedFilesAreInspectable() throws Exception {
        assertTrue(Files.isRegularFile(shared.resolve("models/tiny.portable.onnx")));
        CliRun text = CliRun.of("inspect", model.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("opset 17"), text.out());
        assertTrue(text.out().contains("input        tokens int64 [batch, steps]"), text.out());
        assertTrue(text.out().contains("2 x LSTM 16, dense 8"), text.out());
        CliRun json = CliRun.of("inspect", shared.resolve("models/tiny.portable.onnx").toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals("portable", j.get("variant").asText());
        assertEquals(1, j.get("steps_per_call").intValue());
        assertTrue(j.get("steps_per_call").isInt(), "a number, not a string");
        assertTrue(j.get("training").get("settings").get("learning_rate").isNumber(), json.out());
        assertOneKeyStyle(j);
        assertEquals(17, j.get("opset").asInt());
        assertEquals(1, j.get("training").get("epochs").asInt());
        assertEquals("tiny-run", j.get("training").get("run").asText());
        assertTrue(j.get("parameters").asLong() > 0);
    }

    /** snake_case keys all the way down, and no number written as a string. */
    static void assertOneKeyStyle(JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                assertTrue(e.getKey().matches("[a-z0-9_]+"), "key " + e.getKey());
                assertOneKeyStyle(e.getValue());
            });
        } else if (node.isArray()) {
            node.forEach(ExportInspectCommandTest::assertOneKeyStyle);
        } else if (node.isTextual()) {
            assertFalse(node.asText().matches("-?[0-9]+(\\.[0-9]+)?|true|false"), "a number or boolean as a string: " + node);
        }
    }

    @Test
    void benchRunsTheSameDiffBackendOnThePortableFile() {
        CliRun r = CliRun.of("bench", "--model", model.toString(), "--backends", "samediff", "--batch", "2", "--steps", "3",
                "--repeat", "1", "--warmup", "1", "--window", "2", "--samediff-steps", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("| samediff | 2 |"), r.out());
    }

    @Test
    void benchMeasuresFloatAndInt8InOneRunAndGenerateSelectsInt8() throws Exception {
        Path int8 = shared.resolve("models/tiny.int8.onnx");
        assertTrue(Files.isRegularFile(int8), "export --variant both writes the int8 file beside the model");
        CliRun bench = CliRun.of("bench", "--model", model.toString(), "--backends", "ort-cpu,ort-cpu-int8", "--batch", "1,4",
                "--steps", "5", "--repeat", "1", "--warmup", "1", "--window", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().contains("| ort-cpu | 4 |"), bench.out());
        assertTrue(bench.out().contains("| ort-cpu-int8 | 1 |"), bench.out());
        assertTrue(bench.out().contains("| ort-cpu-int8 | 4 |"), bench.out());

        Path out = dir.resolve("int8");
        CliRun gen = CliRun.of("generate", "--model", model.toString(), "--variant", "int8", "--count", "2", "--length", "30",
                "--seed", "5", "--out", out.toString(), "--name", "x", "--json");
        assertEquals(0, gen.exitCode(), gen.err());
        JsonNode j = new ObjectMapper().readTree(gen.out());
        assertEquals(int8.toString(), j.get("model").asText());
        try (var files = Files.list(out)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".mid")).count());
        }
        // the int8 file named directly gives the same pieces (same seed, same backend kernels)
        Path direct = dir.resolve("direct");
        assertEquals(0, CliRun.of("generate", "--model", int8.toString(), "--count", "2", "--length", "30", "--seed", "5",
                "--device", "cpu", "--out", direct.toString(), "--name", "x").exitCode());
        assertTrue(Arrays.equals(Files.readAllBytes(firstMidi(out)), Files.readAllBytes(firstMidi(direct))));
    }

    private static Path firstMidi(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".mid")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void int8WithoutItsFileIsOneLine() throws Exception {
        Path lone = dir.resolve("lone.onnx");
        Files.copy(model, lone);
        CliRun r = CliRun.of("generate", "--model", lone.toString(), "--variant", "int8", "--out", dir.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("lone.int8.onnx") && r.err().contains("--variant int8"), r.err());
    }

    @Test
    void existingModelIsKeptWithoutForce() throws Exception {
        byte[] before = Files.readAllBytes(model);
        CliRun r = CliRun.of("export", run.toString(), "--out", model.toString(), "--windows", "1");
        assertEquals(1, r.exitCode());
        assertEquals("error: " + model + ": already exists (use --force to replace it)", r.err().strip());
        assertTrue(Arrays.equals(before, Files.readAllBytes(model)));
    }

    @Test
    void missingRunFolderIsOneLine() {
        CliRun r = CliRun.of("export", dir.resolve("nope").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a run folder"), r.err());
    }

    @Test
    void corruptCheckpointIsOneLine() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("copy/checkpoints"));
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, copy.getParent().resolve(f.getFileName()));
        }
        byte[] zip = Files.readAllBytes(run.resolve("checkpoints/best.zip"));
        Files.write(copy.resolve("best.zip"), Arrays.copyOf(zip, zip.length / 2));
        CliRun r = CliRun.of("export", copy.getParent().toString(), "--out", dir.resolve("x.onnx").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("best.zip"), r.err());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }

    @Test
    void truncatedFileIsRefusedInOneLine() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
        CliRun r = CliRun.of("inspect", cut.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + cut + ": not an ONNX model"), r.err());
    }

    @Test
    void foreignAndTamperedFilesAreRefusedNamingTheProblem() throws Exception {
        Onnx.ModelProto ours = Onnx.ModelProto.parseFrom(Files.readAllBytes(model));

        Path foreign = dir.resolve("foreign.onnx");
        Files.write(foreign, ours.toBuilder().clearMetadataProps().setProducerName("someone-else").build().toByteArray());
        CliRun r = CliRun.of("inspect", foreign.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("is not a Cadenza model"), r.err());

        Path lacking = dir.resolve("lacking.onnx");
        Onnx.ModelProto.Builder b = ours.toBuilder().clearMetadataProps();
        ours.getMetadataPropsList().stream().filter(p -> !p.getKey().equals(ModelMetadata.KEY_HIDDEN)).forEach(b::addMetadataProps);
        Files.write(lacking, b.build().toByteArray());
        r = CliRun.of("inspect", lacking.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("lacks metadata cadenza.hidden"), r.err());

        Path tampered = dir.resolve("tampered.onnx");
        b = ours.toBuilder().clearMetadataProps();
        for (Onnx.StringStringEntryProto p : ours.getMetadataPropsList()) {
            b.addMetadataProps(p.getKey().equals(ModelMetadata.KEY_HIDDEN) ? p.toBuilder().setValue("32") : p.toBuilder());
        }
        Files.write(tampered, b.build().toByteArray());
        r = CliRun.of("inspect", tampered.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("does not match its metadata"), r.err());
        assertTrue(r.err().contains("lstm0_R"), r.err());

        Path badVocabulary = dir.resolve("bad-vocabulary.onnx");
        b = ours.toBuilder().clearMetadataProps();
        for (Onnx.StringStringEntryProto p : ours.getMetadataPropsList()) {
            b.addMetadataProps(p.getKey().equals(ModelMetadata.KEY_VOCABULARY) ? p.toBuilder().setValue("{\"tokens\": 3") : p.toBuilder());
        }
        Files.write(badVocabulary, b.build().toByteArray());
        r = CliRun.of("inspect", badVocabulary.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad cadenza.vocabulary"), r.err());
    }
}
