package dev.cadenza.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the token shards {@code spark prepare} writes (Parquet, under OUT/tokens): one row per piece. The
 * trainer's {@code --shards} reader and any Spark or pandas job read the same names.
 */
public final class TokenShards {
    public static final String FOLDER = "tokens";
    public static final String PIECE = "piece";
    public static final String SOURCE = "source";
    public static final String COMPOSER = "composer";
    public static final String STYLE = "style";
    public static final String TITLE = "title";
    public static final String KEY = "key";
    public static final String ENCODING = "encoding";
    public static final String ENCODING_VERSION = "encoding_version";
    public static final String SPLIT = "split";
    public static final String NOTES = "notes";
    public static final String SECONDS = "seconds";
    public static final String TOKENS = "tokens";
    /** Only while preparing: why a file was skipped (null for a piece). */
    static final String REASON = "reason";

    static final StructType WITH_REASON = new StructType()
            .add(PIECE, DataTypes.StringType, false)
            .add(SOURCE, DataTypes.StringType, false)
            .add(COMPOSER, DataTypes.StringType, true)
            .add(STYLE, DataTypes.StringType, true)
            .add(TITLE, DataTypes.StringType, true)
            .add(KEY, DataTypes.StringType, true)
            .add(ENCODING, DataTypes.StringType, false)
            .add(ENCODING_VERSION, DataTypes.IntegerType, false)
            .add(SPLIT, DataTypes.StringType, false)
            .add(NOTES, DataTypes.IntegerType, false)
            .add(SECONDS, DataTypes.DoubleType, false)
            .add(TOKENS, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(REASON, DataTypes.StringType, true);

    private TokenShards() {
    }
}
