package dev.cadenza.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.spark.sql.SparkSession;

import dev.cadenza.app.OutputName;
import dev.cadenza.app.UserError;
import dev.cadenza.app.options.ModelOption;
import dev.cadenza.app.options.MusicLengthOptions;
import dev.cadenza.app.options.SamplingOptions;
import dev.cadenza.app.options.ThreadsOption;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.generate.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Generate many pieces on Spark: MIDI files plus a Parquet index.",
        description = {"Generates --count pieces in partitions of --batch, each decoded as one batch by an executor that "
                + "opened the model once. Piece i of --seed S is the same piece 'cadenza generate --seed S' writes as "
                + "its i-th file. OUT gets PREFIX-SEED-NN.mid files and OUT/index (Parquet: id, number, seed, "
                + "file, notes, seconds, tokens, ended, key, style)."},
        footer = {"", "Example:", "  cadenza spark generate --count 10000 --seed 7 --out pieces/"})
final class SparkGenerateCommand implements Callable<Integer> {
    /** Far beyond one machine's day of work, and still an int's worth of piece numbers. */
    static final int MAX_COUNT = 100_000_000;

    @Mixin
    ModelOption model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8", description = "How many pieces (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "Output folder (any Hadoop path); must be new or empty unless --force.")
    String out;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: random, printed).")
    Long seed;

    @Option(names = "--length", paramLabel = "N", defaultValue = "4000",
            description = "Most tokens to add to each piece, a hard cap behind --seconds (default: ${DEFAULT-VALUE}).")
    int length;

    @Mixin
    MusicLengthOptions musicLengthOptions;

    @Mixin
    SamplingOptions samplingOptions;

    @Option(names = "--key", paramLabel = "KEY", description = "Start every piece in this key (models trained with --key-token).")
    String key;

    @Option(names = "--tempo", paramLabel = "BPM", description = "Tempo of the written files (default: the model's).")
    Double tempo;

    @Option(names = "--name", paramLabel = "PREFIX", description = "File name prefix (default: the model's file name).")
    String name;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Pieces per partition, decoded together as one batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ThreadsOption threadsOption;

    @Option(names = "--force", description = "Replace OUT if it already holds files.")
    boolean force;

    @Mixin
    MasterOption master;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (count < 1 || count > MAX_COUNT) throw new UserError("--count must be 1.." + MAX_COUNT + ", got " + count);
        if (batch < 1 || batch > 4096) throw new UserError("--batch must be 1..4096, got " + batch);
        if (length < 1 || length > 100_000) throw new UserError("--length must be 1..100000, got " + length);
        if (name != null && OutputName.problem(name) != null) throw new UserError("--name '" + name + "' " + OutputName.problem(name));
        if (key != null) Key.parse(key);
        Path modelFile = GenerateJob.existingModel(model.orShipped());
        long usedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        MusicLength music = musicLengthOptions.musicLength(4, MusicLength.seconds(MusicLengthOptions.DEFAULT_SECONDS));
        String prefix = name != null ? name : OutputName.fromFile(modelFile);
        GenerateSettings settings = new GenerateSettings(modelFile.getFileName().toString(), count, usedSeed, length,
                samplingOptions.sampling().describe(), music.seconds(), music.bars(), key, tempo, prefix + "-" + usedSeed,
                threadsOption.threads());
        checkModel(modelFile, settings);
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.open(master.master(), master.conf(), "cadenza spark generate");
        GenerateJob.Result r;
        try {
            r = new GenerateJob(modelFile, settings, out, batch, force).run(spark);
        } finally {
            spark.stop();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stdout.printf("%d pieces, %d notes, %d tokens in %d partitions, %.1f s (%.0f tokens/s) on %s, seed %d; index in %s/%s%n",
                r.pieces(), r.notes(), r.tokens(), r.partitions(), seconds, r.tokens() / seconds, spark.sparkContext().master(),
                usedSeed, out, GenerateJob.INDEX);
        return 0;
    }

    /**
     * Opens the model on the driver before Spark starts: a missing file, a damaged model or a key it cannot honour
     * fails here, in one line, before any task is scheduled.
     */
    private static void checkModel(Path modelFile, GenerateSettings settings) throws Exception {
        try (Generator g = Generator.open(new ModelSpec(modelFile, "ort", Device.CPU, 1))) {
            boolean keyed = g.tokenizer().encoding() instanceof TimedEncoding timed && timed.keyToken();
            if (settings.key() != null && !keyed) {
                throw new UserError("--key: " + modelFile + " has no key tokens (it was trained without --key-token)");
            }
            settings.request(); // every setting is read back as the executors will read it
        }
    }
}
