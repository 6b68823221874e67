package dev.cadenza.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a benchmark figure means nothing without: the machine, and how much memory the process used. */
final class MachineInfo {
    private MachineInfo() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", Math.round(totalMemoryKb() / 1024.0 / 1024.0 * 10) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("onnxruntime", ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion());
        m.put("dl4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        m.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return m;
    }

    /** A library's version from the pom.properties Maven puts in its jar (its manifest carries none). */
    static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (java.io.InputStream in = MachineInfo.class.getResourceAsStream(resource)) {
            if (in == null) return "unknown";
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException ignored) {
            // Not Linux: the JVM's architecture is the best we have.
        }
        return System.getProperty("os.arch");
    }

    private static long totalMemoryKb() {
        return procStatusKb("/proc/meminfo", "MemTotal:");
    }

    /** Resident set size now, in MiB (Linux; -1 elsewhere). */
    static double rssMiB() {
        long kb = procStatusKb("/proc/self/status", "VmRSS:");
        return kb < 0 ? -1 : kb / 1024.0;
    }

    /** Peak resident set size of the process so far, in MiB (Linux; -1 elsewhere). */
    static double peakRssMiB() {
        long kb = procStatusKb("/proc/self/status", "VmHWM:");
        return kb < 0 ? -1 : kb / 1024.0;
    }

    private static long procStatusKb(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux.
        }
        return -1;
    }

    static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks since the last reset, in MiB (an upper bound: pools peak at different times). */
    static double peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) bytes += pool.getPeakUsage().getUsed();
        }
        return bytes / 1024.0 / 1024.0;
    }
}
