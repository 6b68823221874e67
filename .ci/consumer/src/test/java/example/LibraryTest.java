package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.midi.MidiWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's example, built against the installed cadenza-runtime alone. */
class LibraryTest {
    @TempDir
    Path out;

    @Test
    void readmesExampleGeneratesWithTheCpuOnnxRuntime() throws Exception {
        String classpath = System.getProperty("java.class.path");
        assertTrue(classpath.contains("onnxruntime-"), classpath);
        assertFalse(classpath.contains("onnxruntime_gpu"), "the library's default is the CPU ONNX Runtime: " + classpath);
        assertFalse(classpath.contains("deeplearning4j") || classpath.contains("picocli"), classpath);
        Path model = Path.of(System.getProperty("cadenza.model"));
        try (Generator generator = Generator.open(ModelSpec.of(model))) {
            GenerationRequest request = GenerationRequest.of(2, 100).withSeed(7)
                    .withSampling(Sampling.parse("temperature=0.9,top-p=0.95"));
            GenerationResult result = generator.generate(request);
            for (GenerationResult.Generated piece : result.pieces()) {
                new MidiWriter().write(piece.music(), out.resolve(piece.title() + ".mid"));
            }
            assertEquals(2, result.pieces().size());
        }
        try (var files = Files.list(out)) {
            assertEquals(2, files.count());
        }
    }
}
