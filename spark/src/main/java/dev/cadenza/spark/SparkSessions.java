package dev.cadenza.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way every {@code cadenza spark} command gets its Spark: the master the user names, else the one spark-submit
 * set, else {@code local[*]} inside this JVM (no cluster, no setup). Spark's web UI stays off for local runs.
 */
public final class SparkSessions {
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {
    }

    public static SparkSession open(String master, String appName) {
        return open(master, java.util.Map.of(), appName);
    }

    /** @param settings Spark settings given on the command line; they win over spark-defaults and system properties */
    public static SparkSession open(String master, java.util.Map<String, String> settings, String appName) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        settings.forEach(conf::set);
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(DEFAULT_MASTER);
        if (conf.get("spark.master").startsWith("local")) {
            // Everything is in this JVM: no web UI, and the driver's ports on the loopback interface only.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // Parquet's own summary files add nothing for our readers.
        conf.setIfMissing("spark.hadoop.parquet.summary.metadata.level", "NONE");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
