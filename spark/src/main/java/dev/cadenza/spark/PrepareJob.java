package dev.cadenza.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Vocabulary;

/**
 * {@code spark prepare}: MIDI files in, token shards and what a trainer needs to know about them out. Listing happens
 * on the driver, reading and encoding in the executors (one task per slice of files), aggregation in Spark.
 *
 * <pre>
 * OUT/tokens/part-*.parquet   one row per piece (columns: {@link TokenShards})
 * OUT/skipped.json            every file not used, with the reason cadenza corpus gives
 * OUT/vocabulary.json         every token of the pieces, in the runtime's Vocabulary format
 * OUT/keys.json               pieces per estimated key
 * OUT/stats.json              counts, the encoding, the split rule and its sizes
 * </pre>
 */
public final class PrepareJob {
    private final String input;
    private final String output;
    private final Encoding encoding;
    private final double validationShare;
    private final boolean force;

    public PrepareJob(String input, String output, Encoding encoding, double validationShare, boolean force) {
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("--validation-share must be between 0 and 1 (exclusive), got " + validationShare);
        }
        this.input = input;
        this.output = output;
        this.encoding = encoding;
        this.validationShare = validationShare;
        this.force = force;
    }

    /** What the run made, for the command's summary line; {@code stats} is what stats.json holds. */
    public record Result(long files, long pieces, long skipped, long tokens, int vocabulary, long validation,
                         Map<String, Object> stats) {
    }

    public Result run(SparkSession spark) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        MidiSource source = MidiSource.list(input, hadoop);
        OutputFolder out = OutputFolder.claim(output, force, hadoop);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        EncodingSpec spec = EncodingSpec.of(encoding);
        PieceReader reader = new PieceReader(spec);
        double share = validationShare;
        Credits credits = Credits.of(input);
        int slices = Math.max(1, Math.min(source.files().size(), jsc.defaultParallelism() * 4));
        JavaRDD<Row> rows = jsc.parallelize(source.files(), slices).map(f -> row(reader.read(f), spec, credits, share));
        Dataset<Row> all = spark.createDataFrame(rows, TokenShards.WITH_REASON).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return write(spark, source, out, all, credits);
        } finally {
            all.unpersist();
        }
    }

    private Result write(SparkSession spark, MidiSource source, OutputFolder out, Dataset<Row> all, Credits credits)
            throws IOException {
        Dataset<Row> pieces = all.filter(col(TokenShards.REASON).isNull()).drop(TokenShards.REASON);
        long count = pieces.count();
        long validation = pieces.filter(col(TokenShards.SPLIT).equalTo(StableSplit.VALIDATION)).count();
        if (validation == 0 && count >= 2) {
            // The share was too small for this many pieces: hold out the one piece that comes first by the same hash.
            String first = pieces.select(TokenShards.PIECE).as(Encoders.STRING()).javaRDD().min(new ByFraction());
            pieces = pieces.withColumn(TokenShards.SPLIT, when(col(TokenShards.PIECE).equalTo(lit(first)), StableSplit.VALIDATION)
                    .otherwise(col(TokenShards.SPLIT)));
            validation = 1;
        }
        pieces.write().parquet(out.uri() + "/" + TokenShards.FOLDER);

        List<Skip> skipped = new ArrayList<>(source.skipped());
        for (Row r : all.filter(col(TokenShards.REASON).isNotNull()).select(TokenShards.PIECE, TokenShards.REASON).collectAsList()) {
            skipped.add(new Skip(r.getString(0), r.getString(1)));
        }
        skipped.sort(Comparator.comparing(Skip::file));

        List<String> distinct = pieces.select(explode(col(TokenShards.TOKENS))).distinct().as(Encoders.STRING()).collectAsList();
        Vocabulary vocabulary = Vocabulary.build(encoding, List.of(distinct));
        Map<String, Integer> keys = new TreeMap<>();
        for (Row r : pieces.groupBy(TokenShards.KEY).count().collectAsList()) keys.put(r.getString(0), (int) r.getLong(1));
        Row totals = count == 0 ? null : pieces.agg(sum(TokenShards.NOTES), sum(size(col(TokenShards.TOKENS))),
                sum(TokenShards.SECONDS)).first();
        long notes = totals == null ? 0 : totals.getLong(0);
        long tokens = totals == null ? 0 : totals.getLong(1);
        double seconds = totals == null ? 0 : totals.getDouble(2);

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("input", input);
        stats.put("files", source.files().size() + source.skipped().size());
        stats.put("pieces", count);
        stats.put("skipped", skipped.size());
        stats.put("notes", notes);
        stats.put("tokens", tokens);
        stats.put("seconds", Math.round(seconds * 10) / 10.0);
        stats.put("vocabulary", vocabulary.size());
        stats.put("manifest", !credits.byPiece().isEmpty());
        Map<String, Integer> styles = new TreeMap<>();
        for (Row r : pieces.filter(col(TokenShards.STYLE).isNotNull()).groupBy(TokenShards.STYLE).count().collectAsList()) {
            styles.put(r.getString(0), (int) r.getLong(1));
        }
        stats.put("styles", styles);
        stats.put("encoding", Map.of("name", encoding.name(), "version", encoding.version(), "options", encoding.options(),
                "label", encoding.label()));
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("validationShare", validationShare);
        split.put("rule", credits.fixedSplit() ? "as manifest.csv's split column says (pieces it does not name train)"
                : StableSplit.RULE);
        split.put("train", count - validation);
        split.put("validation", validation);
        stats.put("split", split);
        List<Map<String, String>> skippedRows = skipped.stream().map(s -> Map.of("file", s.file(), "reason", s.reason())).toList();
        out.writeString("skipped.json", json.writeValueAsString(skippedRows));
        out.writeString("vocabulary.json", vocabulary.toJson());
        out.writeString("keys.json", json.writeValueAsString(keys));
        out.writeString("stats.json", json.writeValueAsString(stats));
        return new Result(source.files().size() + source.skipped().size(), count, skipped.size(), tokens, vocabulary.size(),
                validation, stats);
    }

    private static Row row(PieceReader.Tokenised t, EncodingSpec spec, Credits credits, double share) {
        SourceFile s = t.source();
        Credits.Credit c = credits.of(s);
        return RowFactory.create(s.name(), s.location(), c == null ? null : c.composer(), c == null ? null : c.style(),
                c == null ? null : c.title(), t.key(), spec.name(), spec.version(), credits.side(s, share), t.notes(),
                t.seconds(), t.tokens().toArray(new String[0]), t.skipReason());
    }

    /** Orders piece names by their split fraction (Spark ships the comparator, so it is a serializable class). */
    private static final class ByFraction implements Comparator<String>, Serializable {
        @Override
        public int compare(String a, String b) {
            return Double.compare(StableSplit.fraction(a), StableSplit.fraction(b));
        }
    }
}
