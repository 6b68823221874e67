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
    void theShippedModelCarriesAWeightsDigestThatVerifiesAndSaysItsMetadataIsNotCovered() throws Exception {
        // Exported before the metadata digest existed: its weights are checked, its vocabulary and tempo are not.
        try (OnnxStepModel model = ShippedModel.open()) {
            assertEquals(ModelDigest.Status.WEIGHTS_ONLY, model.digest());
        }
    }

    @Test
    void twoTokensSwappedInTheVocabularyOfADigestedModelAreRefused() throws Exception {
        Path stamped = dir.resolve("stamped.onnx");
        Files.write(stamped, ModelDigest.stamp(Files.readAllBytes(ShippedModel.FILE)));
        try (OnnxStepModel model = OnnxStepModel.open(stamped, OnnxOptions.of(Device.CPU, 1))) {
            assertEquals(ModelDigest.Status.VERIFIED, model.digest());
        }
        String json = OnnxBytes.parse(Files.readAllBytes(stamped)).metadata().get(ModelMetadata.KEY_VOCABULARY);
        assertTrue(json.contains("\"n:60\"") && json.contains("\"n:61\""));
        String swapped = json.replace("\"n:60\"", "\"n:TMP\"").replace("\"n:61\"", "\"n:60\"").replace("\"n:TMP\"", "\"n:61\"");
        Path file = ModelEdit.withMetadata(stamped, dir.resolve("swapped.onnx"), ModelMetadata.KEY_VOCABULARY, swapped);
        assertTrue(refusal(file).startsWith("the metadata (vocabulary, encoding, tempo ...) does not match the digest"));
    }

    @Test
    void nonFiniteWeightsAreRefusedEvenWithoutADigest() throws Exception {
        Path legacy = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("legacy-nan.onnx"), ModelDigest.KEY, null);
        byte[] bytes = Files.readAllBytes(legacy);
        // Eight 0xff bytes in the middle of the weights: whatever the alignment, one float is a NaN.
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 8, (byte) 0xff);
        Path file = Files.write(dir.resolve("nan.onnx"), bytes);
        String reason = refusal(file);
        assertTrue(reason.contains("hold NaN or infinite values"), reason);
    }

    @Test
    void aModelFileLargerThanTheHeapCanHoldIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("huge-file.onnx");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ModelFileBytes.fits() + 1); // sparse: no disk space, no memory
        }
        String reason = refusal(file);
        assertTrue(reason.contains("this process can load models up to"), reason);
    }

    @Test
    void aHugeMetadataValueIsRefusedInOneLine() throws Exception {
        Path file = ModelEdit.withMetadata(ShippedModel.FILE, dir.resolve("huge.onnx"), "notes", "x".repeat(OnnxBytes.MAX_METADATA_VALUE + 1));
        String reason = refusal(file);
        assertTrue(reason.contains("a metadata value ('notes') of " + (OnnxBytes.MAX_METADATA_VALUE + 1) + " bytes"), reason);
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
