package dev.cadenza.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cadenza.runtime.generate.ShippedModel;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/** Tampered copies of the shipped model: each is refused in one line naming the file, before anything is sized by it. */
class TamperedModelTest {
    @TempDir
    Path dir;

    private static String refusal(Path file) {
        ModelFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ModelFileException.class, () -> OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, 1)).close()));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    private String vocabularyWith(String token, int at) throws Exception {
        String json = OnnxBytes.parse(Files.readAllBytes(ShippedModel.FILE)).metadata().get(ModelMetadata.KEY_VOCABULARY);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        var tokens = (com.fasterxml.jackson.databind.node.ArrayNode) node.get("tokens");
        if (token == null) tokens.set(at, com.fasterxml.jackson.databind.node.NullNode.getInstance());
        else tokens.set(at, token);
        return mapper.writeValueAsString(node);
    }

    @Test
    void theShippedModelCarriesADigestThatVerifies() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            assertEquals(ModelDigest.Status.VERIFIED, model.digest());
        }
    }

    @Test
    void aNullTokenInTheVocabularyIsRefusedNotAnInternalError() throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("null.onnx"), ModelMetadata.KEY_VOCABULARY, vocabularyWith(null, 7));
        assertEquals("has a bad cadenza.vocabulary: token 7 is null", refusal(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "n:200", "n:-1", "d:0", "w:99999", "n:007", "\u001b[2J"})
    void aGarbageOrOutOfRangeTokenIsRefused(String token) throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("garbage.onnx"), ModelMetadata.KEY_VOCABULARY, vocabularyWith(token, 9));
        String problem = refusal(file);
        assertTrue(problem.startsWith("has a bad cadenza.vocabulary: token 9 ("), problem);
        assertTrue(problem.endsWith("is not a timed token"), problem);
    }

    @Test
    void aMetadataBombIsRefusedAtOnceBeforeAnythingIsAllocated() throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("bomb.onnx"), ModelMetadata.KEY_LAYERS, "2000000000");
        assertEquals("cadenza.layers=2000000000 is out of range (1..64)", refusal(file));
        Path hidden = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("hidden.onnx"), ModelMetadata.KEY_HIDDEN, "99999999999");
        assertTrue(refusal(hidden).startsWith("has a bad cadenza.hidden: '99999999999'"));
    }

    @Test
    void aLayerCountWithinRangeButNotTheGraphsIsRefused() throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("three.onnx"), ModelMetadata.KEY_LAYERS, "3");
        assertEquals("does not match its metadata: the graph has 2 LSTM layer(s) but cadenza.layers=3", refusal(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "NaN", "-120", "1e-9", "Infinity", "1e300", "fast"})
    void aTempoThatIsNoTempoIsRefused(String tempo) throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("tempo.onnx"), ModelMetadata.KEY_TEMPO, tempo);
        String problem = refusal(file);
        assertTrue(problem.contains("cadenza.tempo_bpm"), problem);
    }

    @Test
    void aFlippedWeightBitIsCaughtByTheDigest() throws Exception {
        byte[] bytes = Files.readAllBytes(ShippedModel.FILE);
        Path file = ModelEdit.flipBit(ShippedModel.FILE, dir.resolve("flipped.onnx"), bytes.length / 2, 3);
        assertTrue(refusal(file).startsWith("the weights do not match the digest recorded at export"));
    }

    @Test
    void aModelWithoutADigestStillLoadsAndSaysSo() throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("legacy.onnx"), ModelDigest.KEY, null);
        try (OnnxStepModel model = OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, 1))) {
            assertEquals(ModelDigest.Status.ABSENT, model.digest());
        }
        byte[] stamped = ModelDigest.stamp(Files.readAllBytes(file));
        Files.write(file, stamped);
        try (OnnxStepModel model = OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, 1))) {
            assertEquals(ModelDigest.Status.VERIFIED, model.digest());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelDigest.stamp(stamped), "a digest is never added twice");
    }

    @Test
    void emptyFilesAndFoldersAreNamedForWhatTheyAre() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        assertEquals("empty file (0 bytes), not an ONNX model", refusal(empty));
        Path folder = Files.createDirectory(dir.resolve("folder.onnx"));
        assertEquals("is a folder, not a model file (pass the .onnx file inside it)", refusal(folder));
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "\u0000\u0001garbage");
        assertTrue(refusal(junk).startsWith("not an ONNX model ("));
    }
}
