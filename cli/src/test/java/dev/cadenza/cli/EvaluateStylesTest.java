package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code evaluate --styles} and {@code --key}: the style classifier's report on a tiny model trained with style tokens
 * (the classifier's accuracy on real pieces is asserted on the shipped corpus in {@code StyleClassificationTest}; a
 * tiny model's pieces can only be asked for a complete, repeatable report), the key fit of files asked in a key, and
 * the options' bad input.
 */
class EvaluateStylesTest {
    private static final Path SONGS = SmallCorpus.path();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Two rags by Joplin and two pieces by Debussy, all for training. */
    private Path corpus(boolean withManifest) throws Exception {
        return SmallCorpus.byComposer(dir, Map.of("joplin", List.of("solace.mid", "bethena.mid"),
                "debussy", List.of("clair-de-lune.mid", "debussy-arabesque-no1.mid")), withManifest ? """
                file,composer
                joplin/solace.mid,Joplin
                joplin/bethena.mid,Joplin
                debussy/clair-de-lune.mid,Debussy
                debussy/debussy-arabesque-no1.mid,Debussy
                """ : null);
    }

    @Test
    void piecesSampledInEachStyleAreClassifiedAndTheirKeyFitReported() throws Exception {
        Path corpus = corpus(true);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--max-batches", "4", "--threads", "1", "--key-normalise", "--velocity-bins", "4",
                "--style-token");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        Path model = dir.resolve("styled.onnx");
        CliRun export = CliRun.of("export", run.toString(), "--out", model.toString());
        assertEquals(0, export.exitCode(), export.err() + export.out());

        String[] evaluate = {"evaluate", "--model", model.toString(), "--corpus", corpus.toString(), "--styles",
                "Joplin,debussy", "--count", "2", "--seconds", "0", "--length", "120", "--key", "Am", "--seed", "5", "--json"};
        CliRun first = CliRun.of(evaluate);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode report = JSON.readTree(first.out());

        JsonNode styles = report.get("styles");
        assertEquals(List.of("pitch spread", "notes per quarter", "notes sounding", "inter-onset", "note-length entropy",
                "mean velocity", "velocity spread"), JSON.convertValue(styles.get("features"), List.class));
        JsonNode real = styles.get("real");
        assertEquals(4, real.get("pieces").size(), "every training piece of both composers, cross-validated");
        assertEquals(2, real.get("perStyle").get("joplin").get("pieces").asInt());
        double accuracy = real.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
        JsonNode generated = styles.get("generated").elements().next();
        assertEquals(4, generated.get("pieces").size(), "two pieces asked in each style");
        int asAsked = 0;
        for (JsonNode piece : generated.get("pieces")) {
            assertTrue(Set.of("joplin", "debussy").contains(piece.get("style").asText()), piece.toString());
            assertTrue(Set.of("joplin", "debussy").contains(piece.get("judged").asText()), piece.toString());
            if (piece.get("style").asText().equals(piece.get("judged").asText())) asAsked++;
        }
        assertEquals(asAsked / 4.0, generated.get("asAsked").asDouble(), 1e-9);

        JsonNode keyFit = report.get("keyFit");
        assertEquals(2, keyFit.size(), "one key fit per style's set");
        for (JsonNode set : keyFit) {
            assertEquals(2, set.get("minor").get("pieces").asInt(), "every piece asked in A minor");
            for (JsonNode piece : set.get("pieces")) {
                assertEquals("Am", piece.get("key").asText());
                assertTrue(piece.has("leadingTone") && piece.has("loweredSeventh"), piece.toString());
            }
        }

        CliRun again = CliRun.of(evaluate);
        JsonNode repeated = JSON.readTree(again.out());
        assertEquals(styles, repeated.get("styles"), "the same seed gives the same pieces and the same verdicts");
        assertEquals(keyFit, repeated.get("keyFit"));

        CliRun text = CliRun.of("evaluate", "--model", model.toString(), "--corpus", corpus.toString(), "--styles",
                "joplin,debussy", "--count", "1", "--seconds", "0", "--length", "60", "--seed", "5");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("real pieces, leave-one-out: "), text.out());
        assertTrue(text.out().contains("generated pieces classified as the style they were asked for"), text.out());

        CliRun unknown = CliRun.of("evaluate", "--model", model.toString(), "--corpus", corpus.toString(), "--styles",
                "joplin,debussy", "--compare", "style=chopin", "--count", "1");
        unknown.assertOneLineError("--compare style=chopin: give the styles with --styles only");
    }

    @Test
    void realPiecesAloneAreClassifiedWithoutAModel() throws Exception {
        CliRun run = CliRun.of("evaluate", "--corpus", corpus(true).toString(), "--styles", "joplin,debussy", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode styles = JSON.readTree(run.out()).get("styles");
        assertEquals(4, styles.get("real").get("pieces").size());
        assertFalse(styles.has("generated"));
    }

    /** The reference the key-fit target is set against: a real A-minor piece measured as generated ones are. */
    @Test
    void filesAreMeasuredAgainstTheKeyGiven() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-minor"));
        Files.copy(SONGS.resolve("fur-elise.mid"), folder.resolve("fur-elise.mid"));
        CliRun run = CliRun.of("evaluate", "--generated", folder.toString(), "--corpus", folder.toString(), "--key", "Am", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = JSON.readTree(run.out()).get("keyFit").get("generated");
        assertEquals(0.84, fit.get("minor").get("fit").asDouble(), 0.01);
        assertEquals(0.033, fit.get("pieces").get(0).get("leadingTone").asDouble(), 0.005);
    }

    @Test
    void badStylesAndKeysAreOneLine() throws Exception {
        Path corpus = corpus(true);
        CliRun unknown = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "joplin,chopin");
        unknown.assertOneLineError("--styles: ", "names 0 training piece(s) of 'chopin'", "its styles: debussy, joplin");
        CliRun one = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "joplin");
        one.assertOneLineError("--styles: name two or more styles");
        CliRun twice = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "Joplin,joplin");
        twice.assertOneLineError("--styles: joplin is named twice");

        Files.delete(corpus.resolve("manifest.csv"));
        CliRun noManifest = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "joplin,debussy");
        noManifest.assertOneLineError("--styles: ", "has no manifest.csv");

        String shipped = Path.of("..", "models", "default.onnx").toString(); // trained without style tokens
        CliRun noStyles = CliRun.of("evaluate", "--model", shipped, "--corpus", SONGS.toString(), "--styles",
                "joplin,debussy", "--count", "1");
        noStyles.assertOneLineError("--styles: this model has no style tokens");
        CliRun noKeys = CliRun.of("evaluate", "--model", Path.of("..", "models", "v1", "default.onnx").toString(),
                "--corpus", SONGS.toString(), "--key", "Am", "--count", "1");
        noKeys.assertOneLineError("--key: this model has no key tokens");
        CliRun badKey = CliRun.of("evaluate", "--generated", SONGS.toString(), "--key", "H");
        badKey.assertOneLineError("--key: 'H' is not a key");
        CliRun keyAlone = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "joplin,debussy", "--key", "Am");
        keyAlone.assertOneLineError("--key needs --model");
    }
}
