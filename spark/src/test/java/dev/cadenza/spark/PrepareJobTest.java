package dev.cadenza.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;

class PrepareJobTest {
    /** Three of the shipped pieces keep the test short; the code path is the same for all fourteen. */
    private static final List<String> PIECES = List.of("satie-gymnopedie-no1.mid", "bach-prelude-c-major-bwv846.mid",
            "peacherine-rag.mid");

    @TempDir
    Path tmp;

    /** A corpus of real pieces and every kind of file that must be skipped, not fail the job. */
    private Path corpus() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : PIECES) Files.copy(TestSpark.project("midi_songs/" + name), in.resolve(name));
        Path nested = Files.createDirectories(in.resolve("more.mid")); // a folder named like a file: listed, still read
        Files.copy(TestSpark.project("midi_songs/" + PIECES.get(0)), nested.resolve("again.midi"));
        Files.write(in.resolve("garbage.mid"), "not a MIDI file at all".getBytes());
        Files.write(in.resolve("empty.mid"), new byte[0]);
        byte[] real = Files.readAllBytes(in.resolve(PIECES.get(1)));
        Files.write(in.resolve("truncated.mid"), java.util.Arrays.copyOf(real, real.length / 3));
        Files.createSymbolicLink(in.resolve("dangling.mid"), tmp.resolve("nowhere.mid"));
        return in;
    }

    @Test
    void tokensAreTheCorpusPathsTokensAndBadFilesAreListedWithItsReasons() throws Exception {
        Path in = corpus();
        Path out = tmp.resolve("out");
        Encoding encoding = new TimedEncoding(new TimedEncoding.Options(4, true, true));
        SparkSession spark = TestSpark.session();

        PrepareJob.Result result = new PrepareJob(in.toString(), out.toString(), encoding, 0.3, false).run(spark);

        Corpus expected = new CorpusReader(MidiReader.forEncoding(encoding)).read(in);
        Map<String, List<String>> want = new TreeMap<>();
        for (Corpus.Entry e : expected.pieces()) want.put(e.name(), encoding.encode(e.piece()));
        Map<String, List<String>> got = new TreeMap<>();
        List<Row> rows = spark.read().parquet(out.resolve(TokenShards.FOLDER).toString()).collectAsList();
        for (Row r : rows) {
            got.put(r.getAs(TokenShards.PIECE), new ArrayList<>(r.<String>getList(r.fieldIndex(TokenShards.TOKENS))));
            assertEquals(encoding.name(), r.getAs(TokenShards.ENCODING));
            assertEquals(encoding.version(), (int) r.getAs(TokenShards.ENCODING_VERSION));
            assertEquals(StableSplit.side(r.getAs(TokenShards.PIECE), 0.3), r.getAs(TokenShards.SPLIT));
        }
        assertEquals(4, want.size(), "the corpus path reads 4 pieces here");
        assertEquals(want, got);

        ObjectMapper json = new ObjectMapper();
        Map<String, String> skipped = new TreeMap<>();
        for (JsonNode s : json.readTree(out.resolve("skipped.json").toFile())) skipped.put(s.get("file").asText(), s.get("reason").asText());
        Map<String, String> wantSkipped = new TreeMap<>();
        for (Corpus.Skipped s : expected.skipped()) wantSkipped.put(in.relativize(s.file()).toString(), s.reason());
        assertEquals(5, wantSkipped.size(), "garbage, empty, truncated, dangling, the folder: " + wantSkipped);
        assertEquals(wantSkipped, skipped);

        List<List<String>> streams = new ArrayList<>(want.values());
        assertEquals(Vocabulary.build(encoding, streams), Vocabulary.fromJson(Files.readString(out.resolve("vocabulary.json"))));
        JsonNode stats = json.readTree(out.resolve("stats.json").toFile());
        assertEquals(9, stats.get("files").asInt());
        assertEquals(4, stats.get("pieces").asInt());
        assertEquals(expected.notes(), stats.get("notes").asLong());
        assertEquals(streams.stream().mapToLong(List::size).sum(), stats.get("tokens").asLong());
        assertTrue(stats.get("split").get("validation").asInt() >= 1);
        assertEquals(4, result.pieces());
        int keyed = 0;
        for (JsonNode n : json.readTree(out.resolve("keys.json").toFile())) keyed += n.asInt();
        assertEquals(4, keyed);
    }

    @Test
    void anOutputFolderWithFilesIsReplacedOnlyWithForceAndAManifestGivesComposerStyleAndTitle() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("small"));
        Files.copy(TestSpark.project("midi_songs/" + PIECES.get(0)), in.resolve("a.mid"));
        Files.writeString(in.resolve("manifest.csv"), "file,composer,title\na.mid,Erik Satie,Gymnopédie No. 1\n");
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("mine.txt"), "a user's file");
        Encoding encoding = new TimedEncoding();

        UserError refused = assertThrows(UserError.class,
                () -> new PrepareJob(in.toString(), out.toString(), encoding, 0.1, false).run(TestSpark.session()));
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertEquals("a user's file", Files.readString(out.resolve("mine.txt")));

        new PrepareJob(in.toString(), out.toString(), encoding, 0.1, true).run(TestSpark.session());
        assertTrue(Files.exists(out.resolve("stats.json")));
        assertTrue(Files.notExists(out.resolve("mine.txt")));
        Row piece = TestSpark.session().read().parquet(out.resolve(TokenShards.FOLDER).toString()).first();
        assertEquals("Erik Satie", piece.getAs(TokenShards.COMPOSER));
        assertEquals("erik-satie", piece.getAs(TokenShards.STYLE), "the style token's name train --style-token makes of it");
        assertEquals("Gymnopédie No. 1", piece.getAs(TokenShards.TITLE));
        assertEquals(Map.of("erik-satie", 1), new ObjectMapper().convertValue(
                new ObjectMapper().readTree(out.resolve("stats.json").toFile()).get("styles"), Map.class));
    }
}
