package dev.cadenza.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.cadenza.runtime.generate.GenerationListener;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.KeyEstimator;

/**
 * {@code spark generate}: {@code count} pieces as MIDI files plus a Parquet index, the pieces cut into partitions of
 * at most {@code batch} that each executor decodes as one batch. The model file is shipped once per executor
 * ({@code addFile}) and opened once per task slot of an executor JVM ({@link ExecutorModels}). Piece i of seed S is the piece
 * {@code cadenza generate --seed S} writes as its i-th file, whichever partition and machine makes it.
 */
public final class GenerateJob {
    public static final String INDEX = "index";
    static final StructType INDEX_SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("number", DataTypes.IntegerType, false)
            .add("seed", DataTypes.LongType, false)
            .add("file", DataTypes.StringType, false)
            .add("notes", DataTypes.IntegerType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("tokens", DataTypes.IntegerType, false)
            .add("ended", DataTypes.BooleanType, false)
            .add("key", DataTypes.StringType, true)
            .add("style", DataTypes.StringType, true);

    private final Path model;
    private final GenerateSettings settings;
    private final String output;
    private final int batch;
    private final boolean force;

    /** @param settings with {@code modelFile} the file name of {@code model} */
    public GenerateJob(Path model, GenerateSettings settings, String output, int batch, boolean force) {
        this.model = model;
        this.settings = settings;
        this.output = output;
        this.batch = batch;
        this.force = force;
    }

    public record Result(long pieces, long notes, long tokens, int partitions) {
    }

    public Result run(SparkSession spark) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputFolder out = OutputFolder.claim(output, force, hadoop);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.addFile(model.toAbsolutePath().toString());
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0; from < settings.count(); from += batch) ranges.add(new int[] {from, Math.min(settings.count(), from + batch)});
        GenerateSettings s = settings;
        String folder = out.uri();
        JavaRDD<Row> rows = jsc.parallelize(ranges, ranges.size()).flatMap(range -> generate(s, folder, range[0], range[1]));
        Dataset<Row> index = spark.createDataFrame(rows, INDEX_SCHEMA);
        index.write().parquet(folder + "/" + INDEX);
        Row totals = spark.read().parquet(folder + "/" + INDEX)
                .agg(org.apache.spark.sql.functions.count("id"), org.apache.spark.sql.functions.sum("notes"),
                        org.apache.spark.sql.functions.sum("tokens")).first();
        return new Result(totals.getLong(0), totals.getLong(1), totals.getLong(2), ranges.size());
    }

    /** One partition, in an executor: its pieces decoded as one batch, written, and described for the index. */
    static Iterator<Row> generate(GenerateSettings s, String folder, int from, int to) throws Exception {
        Path file = Path.of(SparkFiles.get(s.modelFile()));
        GenerationRequest request = s.request();
        Generator generator = ExecutorModels.borrow(file, s.threads());
        GenerationResult result;
        try {
            result = generator.generate(request, from, to, GenerationListener.NONE);
        } finally {
            ExecutorModels.giveBack(file, s.threads(), generator);
        }
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(folder);
        FileSystem fs = OutputFolder.raw(dir.getFileSystem(ExecutorHadoop.CONFIGURATION));
        TaskContext task = TaskContext.get();
        long attempt = task != null ? task.taskAttemptId() : 0;
        MidiWriter writer = new MidiWriter();
        KeyEstimator keys = new KeyEstimator();
        List<Row> rows = new ArrayList<>(to - from);
        for (GenerationResult.Generated p : result.pieces()) {
            Piece music = p.music();
            String name = p.title() + ".mid";
            PieceFiles.write(fs, dir, name, writer.toBytes(music), attempt);
            int number = p.ids().index() + 1;
            rows.add(RowFactory.create(p.title(), number, request.seed(), name,
                    music.notes().size(), music.lengthSeconds(), p.ids().continuation().length, p.ended(),
                    music.notes().isEmpty() ? null : keys.estimate(music.notes()).toString(), request.decoding().style()));
        }
        return rows.iterator();
    }

    /** One Hadoop configuration per executor JVM: each new one parses Hadoop's XML defaults again, in every task. */
    private static final class ExecutorHadoop {
        static final Configuration CONFIGURATION = new Configuration();
    }

    /** A model given on the command line must be a local file the driver can check and ship. */
    static Path existingModel(Path model) {
        if (!Files.isRegularFile(model)) throw new IllegalArgumentException(model + ": no such model file");
        return model;
    }
}
