package dev.cadenza.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.cadenza.app.OutputName;
import dev.cadenza.app.GenerateLimits;
import dev.cadenza.app.options.DecodingOptions;
import dev.cadenza.app.options.ModelOption;
import dev.cadenza.app.options.StartOptions;
import dev.cadenza.app.options.MusicLengthOptions;
import dev.cadenza.app.options.SamplingOptions;
import dev.cadenza.app.options.ThreadsOption;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.generate.SettingException;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.generate.MusicLength;
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

    @Option(names = "--length", paramLabel = "N", defaultValue = "" + Decoding.DEFAULT_MAX_TOKENS,
            description = "Most tokens to add to each piece, a hard cap behind --seconds (default: ${DEFAULT-VALUE}).")
    int length;

    @Mixin
    MusicLengthOptions musicLengthOptions;

    @Mixin
    SamplingOptions samplingOptions;

    @Mixin
    DecodingOptions decodingOptions;

    @Mixin
    StartOptions start;

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
        Path modelFile = GenerateJob.existingModel(model.orShipped());
        GenerateSettings settings = settings(modelFile);
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
                settings.seed(), out, GenerateJob.INDEX);
        return 0;
    }

    /**
     * The run's settings, built and checked as {@code cadenza generate} builds and checks them (the same option
     * classes, one {@link Decoding}, refusals in the same words) and then against the model, before Spark starts.
     */
    GenerateSettings settings(Path modelFile) throws Exception {
        OutputName.checkOption("--name", name);
        MusicLength music = musicLengthOptions.musicLength(4, MusicLength.seconds(MusicLengthOptions.DEFAULT_SECONDS));
        long usedSeed = seed != null ? seed : Decoding.randomSeed();
        Decoding decoding = decodingOptions.decoding(Decoding.builder().sampling(samplingOptions.sampling())
                .key(start.key()).style(start.style()).maxTokens(length).musicLength(music).seed(usedSeed));
        GenerateLimits.checkBatches(count, MAX_COUNT, batch, length);
        int threads = threadsOption.threads();
        String prefix = name != null ? name : OutputName.fromFile(modelFile);
        GenerationRequest request;
        try {
            request = new GenerationRequest(count, decoding, PrimerChoice.start(), tempo, prefix + "-" + usedSeed);
        } catch (SettingException e) {
            throw DecodingOptions.refusal(e);
        }
        checkModel(modelFile, request);
        return GenerateSettings.of(modelFile.getFileName().toString(), request, threads);
    }

    /**
     * Opens the model on the driver before Spark starts: a missing file, a damaged model or a key it cannot honour
     * fails here, in one line, before any task is scheduled.
     */
    private static void checkModel(Path modelFile, GenerationRequest request) throws Exception {
        try (Generator g = Generator.open(new ModelSpec(modelFile, "ort", Device.CPU, 1))) {
            // The first piece's primer asks the model everything the decoding needs of it (key and style tokens).
            g.primers(new GenerationRequest(1, request.decoding(), request.primer(), request.tempoBpm(), request.title()));
        } catch (SettingException e) {
            throw DecodingOptions.refusal(e, modelFile);
        }
    }
}
