package dev.cadenza.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;

/**
 * The standalone generator's entry point, run in-process on the shipped model with only this module's classpath
 * (runtime + picocli, no Deeplearning4j): what {@code java -jar cadenza-app-0.1.0-standalone.jar} does.
 */
class GenerateMainTest {
    static final Path MODEL = Path.of("..", "models", "default.onnx");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GenerateMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generatesReadableMidiFilesFromTheShippedModel() throws Exception {
        Run run = run("--model", MODEL.toString(), "--device", "cpu", "--threads", "1", "--count", "2",
                "--length", "60", "--seed", "5", "--out", dir.toString(), "--name", "s");
        assertEquals(0, run.code(), run.err());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(List.of(dir.resolve("s-5-01.mid"), dir.resolve("s-5-02.mid")), files);
        for (Path f : files) assertTrue(new MidiReader().read(f).notes().size() > 0, f + " has no notes");
        assertTrue(run.out().contains("2 pieces"), run.out());
    }

    @Test
    void aMissingModelIsOneLineAndExitCodeOne() {
        Path missing = dir.resolve("nope.onnx");
        Run run = run("--model", missing.toString(), "--out", dir.toString());
        assertEquals(1, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("nope.onnx"), run.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run run = run("--no-such-option");
        assertEquals(2, run.code(), run.err());
    }
}
