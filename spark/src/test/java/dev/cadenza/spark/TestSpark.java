package dev.cadenza.spark;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;

/** One local[2] Spark for every test class of the module (starting one takes seconds); it ends with the test JVM. */
final class TestSpark {
    private static SparkSession spark;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (spark == null) spark = SparkSessions.open("local[2]", "cadenza spark tests");
        return spark;
    }

    /** A file of the project (the shipped corpus, the shipped model), found from the module's folder. */
    static Path project(String relative) {
        Path p = Path.of("..").resolve(relative).normalize();
        if (!Files.exists(p)) throw new IllegalStateException(p.toAbsolutePath() + " is missing");
        return p;
    }
}
