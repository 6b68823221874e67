package dev.cadenza.trainer;

import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Which of ND4J's native CPU builds this process loaded, for {@link TrainingStepBench}. JavaCPP picks the build named
 * by the system property {@code org.bytedeco.javacpp.platform.extension} (for example {@code -avx512}) when that
 * build's jar is on the class path, and the plain build otherwise. None of the extra builds trained faster here, so
 * the project ships the plain one only (docs/training.md, "ND4J's CPU-specific builds").
 *
 * @param extension  the requested extension, "" for none
 * @param binaryLevel the instruction set the loaded library was compiled for: "generic", "avx2" or "avx512"
 * @param cpuLevel   the best of those the CPU supports, by libnd4j's own check
 * @param oneDnn     whether the library includes oneDNN (Intel's kernels for some ops)
 */
public record NativeBuild(String extension, String binaryLevel, String cpuLevel, boolean oneDnn) {
    /** The system property JavaCPP reads to choose a build. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** The build that is loaded (loads ND4J if it is not loaded yet). */
    public static NativeBuild current() {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        return new NativeBuild(System.getProperty(EXTENSION_PROPERTY, ""), levelName(ops.binaryLevel()),
                levelName(ops.optimalLevel()), ops.buildInfo().contains("HAVE_ONEDNN"));
    }

    /** libnd4j's levels: 0 and 1 generic x86-64, 2 AVX2, 3 AVX-512. */
    static String levelName(int level) {
        return switch (level) {
            case 3 -> "avx512";
            case 2 -> "avx2";
            default -> "generic";
        };
    }

    /** One line for logs and benchmarks, e.g. {@code avx512 build (extension -avx512) on an avx512 CPU}. */
    @Override
    public String toString() {
        return binaryLevel + (oneDnn ? "+onednn" : "") + " build (extension " + (extension.isEmpty() ? "none" : extension)
                + ") on an " + cpuLevel + " CPU";
    }
}
