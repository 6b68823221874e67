package dev.cadenza.spark;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Where a command's Spark runs, and any Spark setting (as spark-submit's --conf). */
public final class MasterOption {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://HOST:7077, yarn, k8s://... (default: the one spark-submit set, "
                    + "else " + SparkSessions.DEFAULT_MASTER + ", all cores of this machine).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. --conf spark.executor.memory=4g (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    public String master() {
        return master;
    }

    public Map<String, String> conf() {
        return conf;
    }
}
