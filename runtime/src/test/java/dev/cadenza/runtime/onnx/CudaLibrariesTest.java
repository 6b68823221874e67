package dev.cadenza.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void namesTheWindowsLibrariesMissingFromPathAndCudaPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("cuda/bin"));
        for (String dll : List.of("cudart64_12.dll", "cublas64_12.dll", "cublasLt64_12.dll", "curand64_10.dll")) {
            Files.writeString(bin.resolve(dll), "x");
        }
        Map<String, String> env = Map.of("PATH", dir.resolve("elsewhere").toString(), "CUDA_PATH", dir.resolve("cuda").toString());
        assertEquals(List.of("cudnn64_9.dll"), CudaLibraries.missing("Windows 11", env), "cuDNN is installed apart from CUDA");
        Files.writeString(bin.resolve("cudnn64_9.dll"), "x");
        assertTrue(CudaLibraries.missing("Windows 11", env).isEmpty());
    }

    @Test
    void onLinuxLdLibraryPathIsSearchedAndMacOsHasNothingToReport() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("libcudnn.so.9"), "x");
        List<String> missing = CudaLibraries.missing("Linux", Map.of("LD_LIBRARY_PATH", lib.toString()));
        assertTrue(!missing.contains("libcudnn.so.9"), missing.toString());
        assertTrue(CudaLibraries.missing("Mac OS X", Map.of()).isEmpty());
    }
}
