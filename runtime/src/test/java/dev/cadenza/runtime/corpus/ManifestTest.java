package dev.cadenza.runtime.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.TestMidi;

class ManifestTest {
    @TempDir
    Path dir;

    @BeforeEach
    void twoPiecesInComposerFolders() throws Exception {
        Files.createDirectories(dir.resolve("chopin"));
        Files.createDirectories(dir.resolve("mozart"));
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("chopin/a.mid"));
        TestMidi.ppq(480).track(0).note(0, 480, 62, 90).write(dir.resolve("mozart/b.mid"));
    }

    private void manifest(String text) throws Exception {
        Files.writeString(dir.resolve(Manifest.FILE_NAME), text);
    }

    @Test
    void aFolderWithoutAManifestIsReadAsBefore() throws Exception {
        Corpus corpus = new CorpusReader().read(dir);
        assertNull(corpus.manifest());
        assertEquals(2, corpus.pieces().size());
        assertNull(corpus.row(corpus.pieces().get(0)));
    }

    @Test
    void nestedPiecesGetTheirComposerTitleLicenceAndSplit() throws Exception {
        manifest("""
                file,composer,title,year,maker,licence,split
                chopin/a.mid,Frédéric Chopin,"Prelude, op. 28 no. 4",1839,"Krueger, piano-midi.de",CC BY-SA 3.0 DE,train
                mozart/b.mid,Mozart,"Sonata \"\"Facile\"\"",1788,someone,public domain,validation
                """);
        Corpus corpus = new CorpusReader().read(dir);
        Manifest.Row a = corpus.row(corpus.pieces().get(0));
        assertEquals("Prelude, op. 28 no. 4", a.title());
        assertEquals("frederic-chopin", a.style(), "accents dropped, a style token's name");
        assertEquals("Krueger, piano-midi.de", a.maker());
        assertFalse(a.heldOut());
        Manifest.Row b = corpus.row(corpus.pieces().get(1));
        assertEquals("Sonata \"Facile\"", b.title());
        assertTrue(b.heldOut());
        assertEquals(java.util.Map.of("frederic-chopin", 1, "mozart", 1), corpus.manifest().styleCounts());
    }

    @Test
    void aRowNamingAMissingFileStopsTheReadingWithOneLine() throws Exception {
        manifest("file,composer\nchopin/a.mid,Chopin\nchopin/gone.mid,Chopin\n");
        ManifestException e = assertThrows(ManifestException.class, () -> new CorpusReader().read(dir));
        assertEquals(dir.resolve(Manifest.FILE_NAME) + " line 3: names chopin/gone.mid, which is not in " + dir, e.getMessage());
    }

    @Test
    void brokenLinesAreNamed() throws Exception {
        manifest("file,composer\nchopin/a.mid,\"Chopin\n");
        assertTrue(message().endsWith(" line 2: a quote is not closed (a field cannot span lines)"), message());
        manifest("file,composer\nchopin/a.mid,Chopin,1839\n");
        assertTrue(message().endsWith(" line 2: 3 fields where the header has 2"), message());
        manifest("file,composer,title\nchopin/a.mid,Chopin,\"a\"b\n");
        assertTrue(message().endsWith(" line 2: text after a closing quote (field 3)"), message());
        manifest("file,title\nchopin/a.mid,x\n");
        assertTrue(message().endsWith(" line 1: no 'composer' column"), message());
        manifest("file,composer,colour\n");
        assertTrue(message().contains(" line 1: unknown column 'colour'"), message());
        manifest("file,composer\nchopin/a.mid,Chopin\nchopin/a.mid,Chopin\n");
        assertTrue(message().endsWith(" line 3: chopin/a.mid is named twice"), message());
        manifest("file,composer\n../outside.mid,Chopin\n");
        assertTrue(message().endsWith(" line 2: '../outside.mid' is outside the corpus folder"), message());
        manifest("file,composer,split\nchopin/a.mid,Chopin,test\n");
        assertTrue(message().endsWith(" line 2: split must be 'train' or 'validation', got 'test'"), message());
        for (String m : new String[] {message()}) assertFalse(m.contains("\n"), "one line: " + m);
    }

    private String message() {
        return assertThrows(ManifestException.class, () -> new CorpusReader().read(dir)).getMessage();
    }
}
