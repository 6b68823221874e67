package dev.cadenza.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.codec.TimedEncoding;

/**
 * A folder {@code cadenza spark prepare} wrote: Parquet token shards under {@code tokens/} (one row per piece: its
 * name, train or validation side, and tokens), with {@code stats.json} naming the encoding and {@code keys.json} the
 * pieces per key. Pieces are read one at a time, a shard after another, so memory holds one piece (and Parquet's
 * current row group), never the corpus.
 */
public final class ShardFolder {
    public static final String TOKENS = "tokens";
    public static final String VALIDATION = "validation";
    public static final String STYLE = "style";

    /**
     * One piece of a shard.
     *
     * @param style  the style (composer) its corpus manifest gives it, or null
     * @param tokens its tokens, without a style token (prepare leaves that to training)
     */
    public record Piece(String name, boolean validation, String style, List<String> tokens) {
        /** The tokens training on {@code encoding} sees: with the style token when its style option is on. */
        public List<String> tokens(Encoding encoding) {
            return encoding instanceof TimedEncoding timed ? timed.withStyle(tokens, style) : tokens;
        }
    }

    private final Path dir;
    private final List<Path> shards;
    private final Encoding encoding;
    private final Map<String, Integer> keyCounts;

    private ShardFolder(Path dir, List<Path> shards, Encoding encoding, Map<String, Integer> keyCounts) {
        this.dir = dir;
        this.shards = List.copyOf(shards);
        this.encoding = encoding;
        this.keyCounts = keyCounts;
    }

    /** Whether {@code dir} looks like prepare's output (a tokens/ folder and stats.json). */
    public static boolean isShardFolder(Path dir) {
        return Files.isDirectory(dir.resolve(TOKENS)) && Files.isRegularFile(dir.resolve("stats.json"));
    }

    /** @throws IllegalArgumentException naming the folder and what is missing */
    public static ShardFolder open(Path dir) throws IOException {
        Path tokens = dir.resolve(TOKENS);
        Path stats = dir.resolve("stats.json");
        if (!Files.isDirectory(tokens) || !Files.isRegularFile(stats)) {
            throw new IllegalArgumentException(dir + ": not a folder 'cadenza spark prepare' wrote (no tokens/ or stats.json)");
        }
        List<Path> shards;
        try (Stream<Path> files = Files.list(tokens)) {
            shards = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        if (shards.isEmpty()) throw new IllegalArgumentException(tokens + ": holds no .parquet shard");
        ObjectMapper json = new ObjectMapper();
        JsonNode e = json.readTree(stats.toFile()).path("encoding");
        Map<String, String> options = new LinkedHashMap<>();
        e.path("options").fields().forEachRemaining(o -> options.put(o.getKey(), o.getValue().asText()));
        Encoding encoding = Encodings.of(e.path("name").asText(), e.path("version").asInt(), options);
        Map<String, Integer> keys = new TreeMap<>();
        Path keysFile = dir.resolve("keys.json");
        if (Files.isRegularFile(keysFile)) json.readTree(keysFile.toFile()).fields().forEachRemaining(k -> keys.put(k.getKey(), k.getValue().asInt()));
        return new ShardFolder(dir, new ArrayList<>(shards), encoding, keys);
    }

    public Path dir() {
        return dir;
    }

    public List<Path> shards() {
        return shards;
    }

    /** The encoding the shards were made with; training uses it as it is. */
    public Encoding encoding() {
        return encoding;
    }

    /** Pieces per estimated key, as prepare counted them. */
    public Map<String, Integer> keyCounts() {
        return keyCounts;
    }

    /** Reads one shard a piece at a time. */
    public static final class Reader implements AutoCloseable {
        private final ParquetReader<Group> parquet;

        Reader(Path shard) throws IOException {
            parquet = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(shard.toUri()))
                    .withConf(new Configuration()).build();
        }

        /** The next piece, or null at the end of the shard. */
        public Piece next() throws IOException {
            Group row = parquet.read();
            if (row == null) return null;
            Group list = row.getGroup(TOKENS, 0);
            int n = list.getFieldRepetitionCount(0); // Parquet's LIST: a repeated group of one element each
            List<String> tokens = new ArrayList<>(n);
            for (int i = 0; i < n; i++) tokens.add(list.getGroup(0, i).getString(0, 0));
            // Shards written before the style column, and pieces no manifest names, have no style.
            String style = row.getType().containsField(STYLE) && row.getFieldRepetitionCount(STYLE) > 0
                    ? row.getString(STYLE, 0) : null;
            return new Piece(row.getString("piece", 0), VALIDATION.equals(row.getString("split", 0)), style, tokens);
        }

        @Override
        public void close() throws IOException {
            parquet.close();
        }
    }

    public Reader read(Path shard) throws IOException {
        return new Reader(shard);
    }
}
