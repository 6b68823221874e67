package dev.cadenza.spark;

import dev.cadenza.app.CommandLines;
import picocli.CommandLine.Command;

/** {@code cadenza spark}: the commands that run on Apache Spark. Also the main class of the shaded job jar. */
@Command(name = "cadenza spark", mixinStandardHelpOptions = true,
        header = "Prepare corpora and generate pieces on Apache Spark (local[*] by default, or a cluster).",
        description = {"Each command runs on Spark inside this JVM (local[*], nothing to set up) unless --master names a "
                + "cluster, or spark-submit started it (see docs/scale-out.md)."},
        subcommands = {PrepareCommand.class, SparkGenerateCommand.class})
public final class SparkCli {
    public static void main(String[] args) {
        CommandLines.executeAndExit(CommandLines.of(new SparkCli()), args);
    }
}
