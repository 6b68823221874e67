package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;

/**
 * {@code train --shards --style-token} sees the tokens {@code train --style-token} sees on the MIDI folder. The
 * fixture under src/test/resources/shards-styled is real output of {@code cadenza spark prepare} on the corpus
 * {@link #corpus} builds (five pieces of midi_songs/, four of them named by a manifest, one held out by it).
 */
class StyledShardsTest {
    static final Path SHARDS = Path.of("src/test/resources/shards-styled");
    /** The corpus's manifest: a piece without a row (Satie) gets no style, as on the folder path. */
    static final String MANIFEST = """
            file,composer,title,split
            chopin/chpn-p7.mid,Chopin,Preludes Opus 28 7,train
            chopin/chpn-p20.mid,Chopin,Preludes Opus 28 20,validation
            clementi/clementi_opus36_3_2.mid,Clementi,Sonatina Opus 36 3 2,train
            schumann/scn15_4.mid,Schumann,Scenes From Childhood Opus 15 4 Pleading Child,train
            """;
    static final List<String> FILES = List.of("chopin/chpn-p7.mid", "chopin/chpn-p20.mid", "clementi/clementi_opus36_3_2.mid",
            "schumann/scn15_4.mid", "satie-gymnopedie-no1.mid");

    @TempDir
    Path dir;

    /** The MIDI folder the fixture was prepared from: the files copied from midi_songs/, and {@link #MANIFEST}. */
    static Path corpus(Path dir) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("styled"));
        for (String f : FILES) {
            Files.createDirectories(corpus.resolve(f).getParent());
            Files.copy(TinyRuns.SONGS.resolve(f), corpus.resolve(f));
        }
        Files.writeString(corpus.resolve("manifest.csv"), MANIFEST);
        return corpus;
    }

    @Test
    void theShardsGiveTheFolderPathsTokenStreamsWithStyleTokens() throws Exception {
        ShardFolder shards = ShardFolder.open(SHARDS);
        TrainingSettings settings = TinyRuns.tiny(SHARDS, 1, 0.0).withEncoding(shards.encoding()).toBuilder()
                .styleToken(true).build();
        Encoding encoding = settings.encodingWithOptions();

        Path folder = corpus(dir);
        Corpus corpus = new CorpusReader(MidiReader.forEncoding(encoding)).read(folder);
        TrainingData fromFolder = TrainingData.prepare(corpus, settings.withCorpus(folder.toString()));
        ShardTraining fromShards = ShardTraining.prepare(shards, settings, 7);

        assertEquals(fromFolder.split(), fromShards.data().split(), "the manifest's split both ways");
        assertEquals(fromFolder.vocabulary().tokens(), fromShards.data().vocabulary().tokens());
        assertEquals(List.of("chopin", "clementi", "schumann"), fromShards.data().vocabulary().styles());

        Map<String, List<String>> folderStreams = new TreeMap<>();
        for (int i = 0; i < fromFolder.split().train().size(); i++) {
            folderStreams.put(fromFolder.split().train().get(i), fromFolder.vocabulary().tokens(fromFolder.trainStreams().get(i)));
        }
        for (RunFolder.ValidationPiece v : fromFolder.validation()) folderStreams.put(v.name(), fromFolder.vocabulary().tokens(v.ids()));
        // The streams training reads from the shards: the call ShardWindows makes for each training piece.
        Map<String, List<String>> shardStreams = new TreeMap<>();
        for (Path shard : shards.shards()) {
            try (ShardFolder.Reader r = shards.read(shard)) {
                for (ShardFolder.Piece p; (p = r.next()) != null; ) shardStreams.put(p.name(), TrainingData.framed(p.tokens(encoding)));
            }
        }
        assertEquals(folderStreams, shardStreams);
        assertEquals("s:chopin", shardStreams.get("chopin/chpn-p7.mid").get(1), "<start> s:chopin ...");
        assertTrue(shardStreams.get("satie-gymnopedie-no1.mid").stream().noneMatch(t -> t.startsWith("s:")), "no manifest row, no style");
        assertEquals(new Windows(fromFolder.trainStreams(), settings.window(), settings.stride(), fromFolder.vocabulary().size(),
                settings.mode()).size(), fromShards.windows().windows(), "the same windows to train on");
    }
}
