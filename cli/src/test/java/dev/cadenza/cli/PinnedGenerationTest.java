package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed and settings, same bytes: the MIDI files {@code generate} writes with the shipped model are pinned by
 * their SHA-256, recorded from the build before generation moved behind the Generator API (issue 11). A change to
 * the loop, the sampler, the primers or the codec that alters any piece fails here.
 */
class PinnedGenerationTest {
    static final String MODEL = Path.of("..", "models", "v1", "default.onnx").toString();
    static final String CORPUS = SmallCorpus.path().toString();

    @TempDir
    Path dir;

    private Map<String, String> hashes(String... args) throws Exception {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> out = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mid")).toList()) {
                out.put(f.getFileName().toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    @Test
    void sampledPiecesFromTheStartAreByteIdentical() throws Exception {
        assertEquals(Map.of(
                "a-42-01.mid", "f93f8565cd003453b49f0baa346e5a6f3ea80a9a83ce1d91471a70d1e8ab1ac6",
                "a-42-02.mid", "4b917fb89ba1d5313b2564ac4ba2abfe0a3b8a1e10808cd067ba8c41cbadb3fa",
                "a-42-03.mid", "cdb15d473a27184782352a8050f64e2d2a723474a30e9a130cd92b7acb318c5e",
                "a-42-04.mid", "491b562bac3422e64b4053dccad647dc680e6e5f411bd3a1816a7ff282b2efe0"),
                hashes("generate", "--model", MODEL, "--device", "cpu", "--threads", "1", "--count", "4",
                        "--length", "200", "--seed", "42", "--out", dir.toString(), "--name", "a"));
    }

    @Test
    void topKContinuationOfAMidiFileIsByteIdentical() throws Exception {
        assertEquals(Map.of(
                "b-7-01.mid", "425458e8490c484e611c9cacd2ba5c74603bbd42e040f8a43a6031d5532324cc",
                "b-7-02.mid", "4db77621720376ff6e84334d88e7c570ebf7050e25f5b89a79b45b5b60968cc8",
                "b-7-03.mid", "7b08cd470b2814ea5f60db45fdd27a9e12e6f8cc576641c7d3d893c8e3ba4a89"),
                hashes("generate", "--model", MODEL, "--device", "cpu", "--threads", "1", "--count", "3",
                        "--length", "150", "--seed", "7", "--temperature", "0.9", "--top-k", "20", "--top-p", "1",
                        "--primer", Path.of(CORPUS, "fur-elise.mid").toString(), "--out", dir.toString(), "--name", "b"));
    }

    @Test
    void greedyPiecesFromCorpusWindowsAreByteIdentical() throws Exception {
        assertEquals(Map.of(
                "c-3-01.mid", "f6ee16656dba9d878d1038b22a8ff03d0badc0e4722bba1f6eccf1e7f1004692",
                "c-3-02.mid", "fbe1bacdb3393161bc9828d78e659bf739eca17bd8f1377cd193a89cd1a01852",
                "c-3-03.mid", "0d4be346b17a81517e167c651e33c30211e01bd568a89a9e9b334784886e92a2"),
                hashes("generate", "--model", MODEL, "--device", "cpu", "--threads", "1", "--count", "3",
                        "--length", "120", "--seed", "3", "--greedy", "--primer-from-corpus", CORPUS,
                        "--primer-length", "32", "--out", dir.toString(), "--name", "c"));
    }
}
