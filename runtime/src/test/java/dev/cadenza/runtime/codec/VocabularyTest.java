package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir
    Path dir;

    private final Encoding timed = new TimedEncoding();

    @Test
    void reservesTheSpecialIdsAndOrdersTokensNaturally() {
        Vocabulary v = Vocabulary.build(timed, List.of(List.of("<start>", "n:100", "d:12", "n:9", "w:3", "<end>")));
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "d:12", "n:9", "n:100", "w:3"), v.tokens());
        assertEquals(SpecialTokens.UNKNOWN_ID, v.id("n:50"));
        assertEquals("n:9", v.token(v.id("n:9")));
    }

    @Test
    void minCountDropsRareTokens() {
        Vocabulary v = Vocabulary.build(timed, List.of(List.of("n:60", "n:60", "n:61")), 2);
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "n:60"), v.tokens());
    }

    @Test
    void savesAndLoadsAsJson() throws IOException {
        Vocabulary v = Vocabulary.build(timed, List.of(List.of("n:60", "d:3", "w:12")));
        Path file = dir.resolve("vocabulary.json");
        v.save(file);
        assertTrue(Files.readString(file).contains("\"encoding\" : \"timed\""));
        assertEquals(v, Vocabulary.load(file));
    }

    @Test
    void refusesABrokenVocabularyFileNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"encoding\":\"timed\",\"tokens\":[\"n:60\"]}");
        IOException e = assertThrows(IOException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void mapsUnknownTokensToTheNearestAndReportsEachReplacement() {
        Vocabulary v = Vocabulary.build(timed, List.of(List.of("n:60", "n:67", "d:12", "w:12")));
        Vocabulary.Mapped mapped = v.mapToKnown(List.of("<start>", "n:61", "d:11", "n:66", "n:61", "w:12"));
        assertEquals(List.of("<start>", "n:60", "d:12", "n:67", "n:60", "w:12"), mapped.tokens());
        assertEquals(Map.of("n:61", "n:60", "d:11", "d:12", "n:66", "n:67"), mapped.replacements());
    }
}
