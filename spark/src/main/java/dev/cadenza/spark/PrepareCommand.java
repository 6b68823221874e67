package dev.cadenza.spark;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.cadenza.app.ExitCodes;
import dev.cadenza.app.options.EncodingOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        header = "Tokenise a MIDI corpus on Spark into Parquet token shards for 'train --shards'.",
        description = {"Reads every MIDI file under IN (recursively: .mid .midi .kar; a local folder, hdfs://...; s3a:// "
                + "needs hadoop-aws on the class path), tokenises each in the executors with the same codec "
                + "'cadenza corpus' and 'train' use, and writes OUT/tokens (Parquet, one row per piece), "
                + "OUT/skipped.json (every file not used, and why), OUT/vocabulary.json, OUT/keys.json and "
                + "OUT/stats.json (counts and the recorded train/validation split)."},
        footer = {"", "Example:", "  cadenza spark prepare midi_songs prepared/   then   cadenza train --shards prepared/"})
final class PrepareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Folder of MIDI files (any path Spark's Hadoop reads).")
    String input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output folder; must be new or empty unless --force.")
    String output;

    @Mixin
    EncodingOption encodingOption;

    @Option(names = "--validation-share", paramLabel = "F", defaultValue = "0.1",
            description = "Share of pieces held out for validation, chosen by a hash of each piece's name so that a "
                    + "piece keeps its side as the corpus grows (default: ${DEFAULT-VALUE}; at least one piece).")
    double validationShare;

    @Option(names = "--force", description = "Replace OUT if it already holds files.")
    boolean force;

    @Mixin
    MasterOption master;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrepareJob job = new PrepareJob(input, output, encodingOption.encoding(), validationShare, force);
        if (MidiSource.isLocal(input)) MidiSource.list(input, null); // a missing local folder is one line before Spark starts
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.open(master.master(), master.conf(), "cadenza spark prepare");
        PrepareJob.Result r;
        try {
            r = job.run(spark);
        } finally {
            spark.stop();
        }
        out.printf("files %d, pieces %d (validation %d), skipped %d (see %s/skipped.json), tokens %d, vocabulary %d, "
                        + "%.1f s on %s%n", r.files(), r.pieces(), r.validation(), r.skipped(), output, r.tokens(), r.vocabulary(),
                (System.nanoTime() - t0) / 1e9, spark.sparkContext().master());
        if (r.pieces() == 0) {
            spec.commandLine().getErr().println("error: " + input + ": no usable MIDI file (" + r.files() + " found)");
            return ExitCodes.USER_ERROR;
        }
        return 0;
    }
}
