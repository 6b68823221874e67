package dev.cadenza.runtime.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;

/**
 * Keeps ONNX Runtime's native libraries unpacked in a user cache folder, once per ONNX Runtime build, and points ONNX
 * Runtime at them ({@code onnxruntime.native.path}).
 *
 * <p>Why: left alone, ONNX Runtime's Java API copies its libraries out of the jar into a new temporary folder on
 * every start (about 30 MB for the CPU part; the CUDA provider adds 700 MB when CUDA is used). The folder is named
 * for the ONNX Runtime version, the platform and the CRC of the main library as recorded in the jar, so a different
 * build never reuses another's files. Every file is written to a temporary name and renamed into place, so a crash
 * or two starts at once never leave a half-written library that a later start would load.
 *
 * <p>The GPU providers (CUDA, TensorRT) are cached only where an NVIDIA driver is installed: elsewhere they could
 * not load anyway, and copying 700 MB for nothing would make the first start slow.
 */
public final class OrtNativeCache {
    /** ONNX Runtime's own property: the folder its native libraries are loaded from. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";
    /** Our property to move the cache, or {@code off} to leave ONNX Runtime's default behaviour. */
    public static final String CACHE_PROPERTY = "cadenza.cache";

    private static final String RESOURCE_ROOT = "/ai/onnxruntime/native/";
    private static final List<String> CORE = List.of("onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared");
    private static final List<String> GPU = List.of("onnxruntime_providers_cuda", "onnxruntime_providers_tensorrt");

    private OrtNativeCache() {
    }

    /**
     * Fills the cache if needed and sets {@value #NATIVE_PATH_PROPERTY}, unless it is already set (the user's choice
     * wins) or the cache is switched off. Must run before ONNX Runtime is first used. Never fails: when the cache
     * cannot be written, ONNX Runtime simply unpacks to a temporary folder as it always did.
     *
     * @return the folder now used, or empty when ONNX Runtime keeps its default behaviour
     */
    public static Optional<Path> install() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) return Optional.empty();
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv("CADENZA_CACHE"));
        if ("off".equalsIgnoreCase(configured)) return Optional.empty();
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : defaultRoot();
        try {
            Optional<Path> folder = fill(root, nvidiaDriverPresent());
            folder.ifPresent(f -> System.setProperty(NATIVE_PATH_PROPERTY, f.toString()));
            return folder;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Copies this ONNX Runtime's libraries for this platform into a versioned folder under {@code root}, skipping
     * those already there whole.
     *
     * @param withGpuProviders also the CUDA and TensorRT providers, when the jar has them
     * @return the folder, or empty when the class path holds no ONNX Runtime natives for this platform
     */
    public static Optional<Path> fill(Path root, boolean withGpuProviders) throws IOException {
        String platform = platform();
        URL main = resource(platform, "onnxruntime");
        if (main == null) return Optional.empty();
        Path folder = root.resolve("onnxruntime-" + version() + "-" + platform + "-" + crcOf(main));
        Files.createDirectories(folder);
        List<String> wanted = new ArrayList<>(CORE);
        if (withGpuProviders) wanted.addAll(GPU);
        for (String library : wanted) {
            URL url = resource(platform, library);
            if (url != null) copyIfMissing(url, folder.resolve(fileName(library)));
        }
        return Optional.of(folder);
    }

    private static void copyIfMissing(URL url, Path target) throws IOException {
        URLConnection connection = url.openConnection();
        long size = connection.getContentLengthLong();
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) return;
        Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The CRC the jar records for the main library: tells apart builds that share a version (CPU vs GPU jar). */
    private static String crcOf(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            connection.setUseCaches(false);
            ZipEntry entry = jar.getJarEntry();
            if (entry != null && entry.getCrc() >= 0) return String.format(Locale.ROOT, "%08x", entry.getCrc());
        }
        return String.format(Locale.ROOT, "%x", connection.getContentLengthLong());
    }

    private static URL resource(String platform, String library) {
        return OrtNativeCache.class.getResource(RESOURCE_ROOT + platform + "/" + fileName(library));
    }

    private static String fileName(String library) {
        return System.mapLibraryName(library).replace(".jnilib", ".dylib");
    }

    private static String version() {
        return dev.cadenza.runtime.BuildInfo.onnxRuntimeVersion();
    }

    /** ONNX Runtime's name for this platform, as in its jar: linux-x64, linux-aarch64, osx-aarch64, win-x64, ... */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") || arch.startsWith("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }

    /** The per-user cache folder of each OS (XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows). */
    static Path defaultRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("cadenza").resolve("cache");
        }
        if (os.contains("mac")) return home.resolve("Library").resolve("Caches").resolve("cadenza");
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("cadenza");
    }

    /** Whether an NVIDIA driver is installed, by the files it always leaves (the CUDA provider needs it). */
    public static boolean nvidiaDriverPresent() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
            return Files.exists(Path.of(root, "System32", "nvcuda.dll"));
        }
        // /dev/nvidiactl on Linux; /dev/dxg is how WSL 2 passes the Windows driver through.
        return Files.exists(Path.of("/dev/nvidiactl")) || Files.exists(Path.of("/dev/dxg"));
    }
}
