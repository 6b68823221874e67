package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.generate.Device;
import dev.cadenza.server.CadenzaServer;
import dev.cadenza.server.ServeSettings;

/**
 * A corpus with a manifest: {@code train --style-token} learns each piece's composer as a style token, the model lists
 * its styles, {@code generate --style} starts pieces in one, and wrong styles or a broken manifest are one line.
 */
class StylePipelineTest {
    private static final Path SONGS = SmallCorpus.path();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path corpus(String manifest) throws Exception {
        return SmallCorpus.byComposer(dir, java.util.Map.of("joplin", java.util.List.of("solace.mid", "bethena.mid"),
                "beethoven", java.util.List.of("fur-elise.mid")), manifest);
    }

    @Test
    void aModelTrainedWithStylesWritesInTheAskedOne() throws Exception {
        Path corpus = corpus("""
                file,composer,title,licence,split
                joplin/solace.mid,Joplin,Solace,public domain,train
                beethoven/fur-elise.mid,Beethoven,Für Elise,CC BY-SA 3.0 DE,train
                joplin/bethena.mid,Joplin,Bethena,public domain,validation
                """);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--key-token", "--style-token", "--transpose", "0");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.out().contains("validation pieces (1): joplin/bethena.mid"), train.out());
        assertTrue(train.out().contains("styles: beethoven, joplin"), train.out());

        Path model = dir.resolve("styled.onnx");
        CliRun export = CliRun.of("export", run.toString(), "--out", model.toString(), "--windows", "2");
        assertEquals(0, export.exitCode(), export.err() + export.out());
        JsonNode inspect = JSON.readTree(CliRun.of("inspect", model.toString(), "--json").out());
        assertEquals("[\"beethoven\",\"joplin\"]", inspect.get("styles").toString());
        assertEquals("[\"joplin/bethena.mid\"]", inspect.get("training").get("split").get("validation").toString(),
                "the held-out pieces travel with the model");
        assertTrue(CliRun.of("inspect", model.toString()).out().contains("styles       beethoven, joplin"));

        CliRun styled = CliRun.of("generate", "--model", model.toString(), "--count", "2", "--length", "40", "--seconds",
                "0", "--seed", "4", "--style", "Joplin", "--key", "F", "--out", dir.resolve("out").toString(), "--json");
        assertEquals(0, styled.exitCode(), styled.err() + styled.out());
        for (JsonNode piece : JSON.readTree(styled.out()).get("pieces")) {
            assertEquals("start in F, style joplin", piece.get("primer").asText());
            assertEquals(3, piece.get("primerTokens").asInt(), "<start> k:F s:joplin");
        }
        assertServedAsGenerated(model, dir.resolve("out"));

        CliRun unknown = CliRun.of("generate", "--model", model.toString(), "--style", "chopin", "--device", "cpu",
                "--out", dir.resolve("x").toString());
        unknown.assertOneLineError("--style: ", "unknown style 'chopin'; this model knows beethoven, joplin");
        assertFalse(Files.exists(dir.resolve("x")) && Files.list(dir.resolve("x")).findAny().isPresent(), "nothing written");
    }

    /** The service, asked for the same style, key and seed, sends the bytes generate wrote (one Decoding, one PieceRows). */
    private static void assertServedAsGenerated(Path model, Path cliOut) throws Exception {
        ServeSettings settings = ServeSettings.builder(model).port(0).device(Device.CPU).threads(1).build();
        try (CadenzaServer server = CadenzaServer.start(settings)) {
            String body = "{\"count\": 2, \"length\": 40, \"seconds\": 0, \"seed\": 4, \"style\": \"Joplin\", \"key\": \"F\"}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/generate"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode pieces = JSON.readTree(r.body()).get("pieces");
            assertEquals(2, pieces.size());
            for (int p = 0; p < 2; p++) {
                byte[] cli = Files.readAllBytes(cliOut.resolve(String.format("styled-4-%02d.mid", p + 1)));
                assertArrayEquals(cli, Base64.getDecoder().decode(pieces.get(p).get("midi").asText()), "piece " + (p + 1));
            }
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/generate"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"style\": \"chopin\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("unknown style 'chopin'; this model knows beethoven, joplin"), unknown.body());
        }
    }

    @Test
    void aStyleForAModelWithoutStylesIsOneLine() {
        CliRun run = CliRun.of("generate", "--model", "../models/default.onnx", "--style", "chopin", "--device", "cpu", "--out", dir.toString());
        run.assertOneLineError("--style: ", "has no style tokens");
    }

    @Test
    void aBrokenManifestTrainsNothingAndWritesNothing() throws Exception {
        Path corpus = corpus("file,composer\njoplin/solace.mid,Joplin\njoplin/gone.mid,Joplin\n");
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1");
        train.assertOneLineError("manifest.csv line 3: names joplin/gone.mid, which is not in");
        assertFalse(Files.exists(run), "no run folder for a half-read corpus");
        CliRun listing = CliRun.of("corpus", corpus.toString());
        listing.assertOneLineError("manifest.csv line 3: names joplin/gone.mid");
    }

    @Test
    void aManifestWithABrokenLineTrainsNothingAndWritesNothing() throws Exception {
        Path corpus = corpus("file,composer,title\njoplin/solace.mid,Joplin,Solace\njoplin/bethena.mid,Joplin,\"Bethena, a concert waltz\n");
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--style-token");
        train.assertOneLineError("manifest.csv line 3: a quote is not closed");
        assertFalse(Files.exists(run), "no run folder for a half-read corpus");

        Files.writeString(corpus.resolve("manifest.csv"), "file,composer\njoplin/solace.mid,Joplin,1902\n");
        CliRun fields = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny");
        fields.assertOneLineError("manifest.csv line 2: 3 fields where the header has 2");
        assertFalse(Files.exists(run), "no run folder for a half-read corpus");
        CliRun evaluate = CliRun.of("evaluate", "--corpus", corpus.toString(), "--styles", "joplin,beethoven");
        evaluate.assertOneLineError("manifest.csv line 2: 3 fields where the header has 2");
    }
}
