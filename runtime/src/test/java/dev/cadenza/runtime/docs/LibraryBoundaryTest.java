package dev.cadenza.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The library's boundary, which {@code docs/architecture.md} ("The library's boundary") lists: the public API lives in
 * {@code generate}, the plug-in interface (SPI) a backend implements in {@code spi}, and the engine's internals (the
 * sampler, the per-row rules, the decoders a {@code Decoding} chooses) are package-private in {@code generate}. The
 * runtime has no {@code module-info.java}: ONNX Runtime and the backends in the trainer and exporter modules load on
 * the class path, where a module descriptor is ignored. This test is the boundary's guard instead: a new public type
 * must be added to a list here and to the document, on purpose.
 */
class LibraryBoundaryTest {
    /** What an application calls to generate. */
    static final Set<String> GENERATE_API = Set.of("BeamSearch", "DecodeBatch", "Decoder", "Decoding", "Device",
            "GeneratedPiece", "GenerationListener", "GenerationRequest", "GenerationResult", "GenerationStats", "Generator",
            "ModelSpec", "MusicClock", "MusicLength", "PieceRows", "Primer", "PrimerChoice", "Primers", "RowRequest",
            "Sampling", "SamplingDecoder", "SettingException", "StepModels", "TimeLimit");
    /** What a backend implements (found by {@code java.util.ServiceLoader}), in {@code dev.cadenza.runtime.spi}. */
    static final Set<String> GENERATE_SPI = Set.of("BackendSpec", "LstmState", "LstmStepModel", "ModelState", "StepModel",
            "StepModelProvider");
    /** The ONNX Runtime backend: its providers (the ServiceLoader needs them public) and what the exporter checks with. */
    static final Set<String> ONNX_PUBLIC = Set.of("OnnxInt8StepModelProvider", "OnnxOptions", "OnnxStepModel",
            "OnnxStepModelProvider", "OrtNativeCache");

    @Test
    void onlyTheApiIsPublicInTheGenerationPackage() throws Exception {
        Set<String> internal = publicTypes("dev.cadenza.runtime.generate", false);
        assertEquals(new TreeSet<>(GENERATE_API), publicTypes("dev.cadenza.runtime.generate", true));
        assertTrue(internal.containsAll(Set.of("TokenSampler", "RowRules", "RepeatedNgrams", "KeyBias",
                "BeamSearchDecoder", "WindowedDecoder")), "the engine's internals stay package-private: " + internal);
    }

    @Test
    void thePluginInterfaceHasAPackageOfItsOwnAndNothingElseInIt() throws Exception {
        assertEquals(new TreeSet<>(GENERATE_SPI), publicTypes("dev.cadenza.runtime.spi", true));
        assertEquals(Set.of(), publicTypes("dev.cadenza.runtime.spi", false));
    }

    @Test
    void theOnnxBackendShowsOnlyWhatEmbeddersAndTheServiceLoaderNeed() throws Exception {
        assertEquals(new TreeSet<>(ONNX_PUBLIC), publicTypes("dev.cadenza.runtime.onnx", true));
    }

    /** The top-level types of a package, compiled into this module, that are public (or, with false, that are not). */
    private static Set<String> publicTypes(String pkg, boolean publicOnes) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path anchor = Path.of(dev.cadenza.runtime.generate.Generator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = anchor.resolve(pkg.replace('.', '/'));
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                String simple = name.substring(0, name.length() - ".class".length());
                if (simple.equals("package-info")) continue;
                Class<?> c = Class.forName(pkg + "." + simple, false, LibraryBoundaryTest.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers()) == publicOnes) out.add(simple);
            }
        }
        return out;
    }
}
