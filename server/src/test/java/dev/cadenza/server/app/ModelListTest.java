package dev.cadenza.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import dev.cadenza.server.CadenzaServer;
import dev.cadenza.server.CorsPolicy;
import dev.cadenza.server.ModelSource;
import dev.cadenza.server.ServeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve --model} values name: NAME=FILE, a file under its own name, a folder of models. */
class ModelListTest {
    private static final Path MODELS = Path.of("..", "models");

    @Test
    void namesFilesAndFolders() throws Exception {
        List<ModelSource> m = ModelList.of(List.of("piano=" + MODELS.resolve("default.onnx"), MODELS.resolve("v1").toString(),
                MODELS.resolve("default.int8.onnx").toString()));
        assertEquals(List.of("piano", "default", "default.int8"), m.stream().map(ModelSource::name).toList());
        assertEquals(MODELS.resolve("v1").resolve("default.onnx"), m.get(1).file());
    }

    @Test
    void badValuesSayWhat(@TempDir Path empty) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelList.of(List.of("a b=" + MODELS.resolve("default.onnx"))))
                .getMessage().startsWith("--model: the name 'a b' must be"));
        assertThrows(NoSuchFileException.class, () -> ModelList.of(List.of("x=" + MODELS.resolve("nothing.onnx"))));
        Files.writeString(empty.resolve("notes.txt"), "no model here");
        ModelSource one = ModelSource.of(MODELS.resolve("default.onnx"));
        assertEquals("--model: the name 'default' is given twice", assertThrows(IllegalArgumentException.class,
                () -> CadenzaServer.start(ServeSettings.defaults(one.file()), List.of(one, one), CorsPolicy.OFF)).getMessage());
        assertEquals("--model " + empty + ": the folder holds no .onnx file",
                assertThrows(IllegalArgumentException.class, () -> ModelList.of(List.of(empty.toString()))).getMessage());
    }
}
