package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.trainer.RunFolder;

/** evaluate with the shipped ONNX model: held-out scores and sampled sets side by side. */
class EvaluateModelTest {
    private static final Path MODEL = Path.of("..", "models", "default.onnx");
    private static final Path CORPUS = CodecCommandsTest.CORPUS;

    @TempDir
    Path dir;

    @Test
    void scoresHeldOutPiecesAndComparesSamplingSettings() throws Exception {
        assertTrue(Files.exists(MODEL), MODEL.toAbsolutePath() + " is missing: the repository ships it");
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path held = Files.createDirectories(dir.resolve("held"));
        for (String name : List.of("satie-gymnopedie-no1.mid", "bethena.mid", "fur-elise.mid")) {
            Files.copy(CORPUS.resolve(name), corpus.resolve(name));
        }
        Files.copy(CORPUS.resolve("satie-gymnopedie-no1.mid"), held.resolve("satie-gymnopedie-no1.mid"));
        Path report = dir.resolve("report");
        CliRun run = CliRun.of("evaluate", "--model", MODEL.toString(), "--device", "cpu", "--corpus", corpus.toString(),
                "--held-out", held.toString(), "--count", "2", "--length", "60",
                "--compare", "greedy;temperature=0.8,top-k=20", // two settings in one option
                "--json", "--report", report.toString(), "--piano-rolls", "1");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        List<?> heldOut = (List<?>) json.get("heldOut");
        assertEquals(2, heldOut.size());
        Map<?, ?> model = (Map<?, ?>) heldOut.get(0);
        Map<?, ?> baseline = (Map<?, ?>) heldOut.get(1);
        assertEquals("ort-cpu", model.get("model"));
        assertEquals("3-gram baseline", baseline.get("model"));
        assertEquals(model.get("tokens"), baseline.get("tokens"));
        double nll = (Double) model.get("nllPerToken");
        assertEquals(Math.exp(nll), (Double) model.get("perplexity"), 1e-6 * Math.exp(nll));
        assertTrue(nll > 0 && nll < 20, "nll " + nll);
        List<?> sets = (List<?>) json.get("sets");
        assertEquals(List.of("greedy", "temperature=0.8, top-k=20"),
                sets.stream().map(s -> ((Map<?, ?>) s).get("label")).toList());
        for (Object s : sets) {
            List<?> pieces = (List<?>) ((Map<?, ?>) s).get("pieces");
            assertEquals(2, pieces.size());
            // 60 generated at most, after the key token that opens each piece of the shipped (key-token) model
            for (Object p : pieces) assertTrue((Integer) ((Map<?, ?>) p).get("tokens") <= 61, p.toString());
        }
        assertTrue(Files.exists(report.resolve("generated/set1/set1-01.mid")));
        assertTrue(Files.exists(report.resolve("generated/set2/set2-02.mid")));
        assertTrue(Files.exists(report.resolve("pianoroll-set2-01.png")));
        assertTrue(Files.readString(report.resolve("report.md")).contains("| 3-gram baseline |"));
    }

    @Test
    void chunkedScoringOfTheOnnxModelEqualsOneTokenPerCall() throws Exception {
        Piece piece = new MidiReader().read(CORPUS.resolve("satie-gymnopedie-no1.mid"));
        try (OnnxStepModel model = OnnxStepModel.open(MODEL, OnnxOptions.of(Device.CPU, 1))) {
            Tokenizer tokenizer = new Tokenizer(model.metadata().vocabulary());
            HeldOutScore chunked = ModelJudge.heldOut(model, 0, tokenizer, List.of(piece), List.of()).get(0);
            HeldOutScore single = ModelJudge.heldOut(model, 1, tokenizer, List.of(piece), List.of()).get(0);
            assertEquals(single.nllPerToken(), chunked.nllPerToken(), 1e-4);
            assertEquals(single.top1(), chunked.top1(), 1e-3);
        }
    }

    @Test
    void theRunsValidationSplitIsTheDefaultHeldOutSet() throws Exception {
        // Three short real pieces (the first 120 notes of each) keep the one training epoch quick.
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (String name : List.of("satie-gymnopedie-no1.mid", "bethena.mid", "fur-elise.mid")) {
            Piece whole = new MidiReader().read(CORPUS.resolve(name));
            Piece start = new Piece(name, whole.notes().subList(0, 120), whole.tempoBpm());
            new MidiWriter().write(start, corpus.resolve(name));
        }
        Path runDir = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", runDir.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        List<String> validation = RunFolder.open(runDir).split().validation();
        CliRun run = CliRun.of("evaluate", "--model", MODEL.toString(), "--device", "cpu", "--corpus", corpus.toString(),
                "--run", runDir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        assertTrue(((String) json.get("heldOutPieces")).contains("split.json"), (String) json.get("heldOutPieces"));
        Map<?, ?> model = (Map<?, ?>) ((List<?>) json.get("heldOut")).get(0);
        assertEquals(validation.size(), model.get("pieces"));
        assertEquals(List.of(), json.get("sets")); // nothing sampled, no folder given
        // Without --run the model's own recorded split is used; this small corpus lacks those pieces.
        CliRun none = CliRun.of("evaluate", "--model", MODEL.toString(), "--device", "cpu", "--corpus", corpus.toString());
        assertEquals(1, none.exitCode());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().contains("not found in " + corpus), none.err());
    }

    @Test
    void theSplitRecordedInTheShippedModelIsTheDefault() throws Exception {
        List<String> recorded;
        try (OnnxStepModel model = OnnxStepModel.open(MODEL, OnnxOptions.of(Device.CPU, 1))) {
            recorded = model.metadata().training().validationPieces();
        }
        assertTrue(!recorded.isEmpty(), "the shipped model records its validation pieces");
        CliRun run = CliRun.of("evaluate", "--model", MODEL.toString(), "--device", "cpu", "--corpus", CORPUS.toString(),
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        assertTrue(((String) json.get("heldOutPieces")).contains("the split recorded in"), (String) json.get("heldOutPieces"));
        List<?> heldOut = (List<?>) json.get("heldOut");
        assertEquals(recorded.size(), ((Map<?, ?>) heldOut.get(0)).get("pieces"));
        assertEquals(recorded.size(), ((Map<?, ?>) heldOut.get(1)).get("pieces"));
    }

    @Test
    void aMissingModelIsOneLine() {
        CliRun run = CliRun.of("evaluate", "--model", dir.resolve("nope.onnx").toString(), "--count", "2",
                "--corpus", CORPUS.toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("nope.onnx"), run.err());
    }
}
