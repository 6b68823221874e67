package dev.cadenza.runtime.onnx;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CUDA and cuDNN libraries ONNX Runtime's CUDA provider loads (1.28: CUDA 12, cuDNN 9; docs/onnxruntime.md), and
 * which of them cannot be found. ONNX Runtime 1.28's own error only says "Failed to load shared library"; naming the
 * missing file tells the user what to install. A hint, not a verdict: the dynamic linker may know folders (from
 * /etc/ld.so.conf) that are not searched here, so this is only consulted after ONNX Runtime has already failed.
 */
final class CudaLibraries {
    private static final List<String> LINUX = List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
            "libcurand.so.10", "libcudnn.so.9");
    private static final List<String> WINDOWS = List.of("cudart64_12.dll", "cublas64_12.dll", "cublasLt64_12.dll",
            "curand64_10.dll", "cudnn64_9.dll");

    private CudaLibraries() {
    }

    /** This machine's missing libraries, empty when all were found (or the OS is neither Linux nor Windows). */
    public static List<String> missing() {
        return missing(System.getProperty("os.name", ""), System.getenv());
    }

    static List<String> missing(String osName, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean windows = os.contains("win");
        if (!windows && !os.contains("linux")) return List.of();
        Set<Path> folders = new LinkedHashSet<>();
        String path = env.get(windows ? "PATH" : "LD_LIBRARY_PATH");
        if (path != null) {
            for (String part : path.split(windows ? ";" : File.pathSeparator)) {
                if (!part.isBlank()) folders.add(Path.of(part.strip()));
            }
        }
        if (windows) {
            String cuda = env.get("CUDA_PATH");
            if (cuda != null) folders.add(Path.of(cuda, "bin"));
        } else {
            for (String f : List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                    "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu")) {
                folders.add(Path.of(f));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String library : windows ? WINDOWS : LINUX) {
            if (folders.stream().noneMatch(f -> Files.exists(f.resolve(library)))) missing.add(library);
        }
        return missing;
    }

    /** " (not found: ...; CUDA 12.8+ and cuDNN 9 are needed, see docs/onnxruntime.md)", or "" when nothing is missing. */
    public static String hint() {
        List<String> missing = missing();
        if (missing.isEmpty()) return "";
        return " (not found: " + String.join(", ", missing)
                + "; the CUDA build needs CUDA 12.8+ and cuDNN 9 on the library path, see docs/onnxruntime.md)";
    }
}
