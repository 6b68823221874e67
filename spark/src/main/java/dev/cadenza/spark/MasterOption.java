package dev.cadenza.spark;

import picocli.CommandLine.Option;

/** Where a command's Spark runs. */
public final class MasterOption {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://HOST:7077, yarn, k8s://... (default: the one spark-submit set, "
                    + "else " + SparkSessions.DEFAULT_MASTER + ", all cores of this machine).")
    String master;

    public String master() {
        return master;
    }
}
