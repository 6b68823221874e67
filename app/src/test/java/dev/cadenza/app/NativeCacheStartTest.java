package dev.cadenza.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh JVM, as the launchers start it: ONNX Runtime must load from the native cache and generate as before. */
class NativeCacheStartTest {
    @TempDir
    Path dir;

    @Test
    void theStandaloneGeneratorLoadsOnnxRuntimeFromTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=FINE
                ai.onnxruntime.level=FINE
                """);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dcadenza.cache=" + cache,
                "-Djava.util.logging.config.file=" + logging,
                GenerateMain.class.getName(),
                "--model", Path.of("..", "models", "default.onnx").toString(), "--count", "1", "--length", "20",
                "--device", "cpu", "--out", dir.resolve("out").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Loaded native library 'onnxruntime' from specified path"), output);
        try (var folders = Files.list(cache)) {
            assertEquals(1, folders.count());
        }
        try (var pieces = Files.list(dir.resolve("out"))) {
            assertEquals(1, pieces.filter(p -> p.toString().endsWith(".mid")).count(), output);
        }
    }
}
