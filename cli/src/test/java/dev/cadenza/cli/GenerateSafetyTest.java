package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;

/** generate and roundtrip never destroy a user's file, keep names plain and inside --out, and bound every number. */
class GenerateSafetyTest {
    @TempDir
    Path dir;

    /** generate with small defaults; an option given in {@code extra} replaces the default one. */
    private CliRun generate(String... extra) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--model", Path.of("..", "models", "default.onnx").toString());
        options.put("--out", dir.resolve("out").toString());
        options.put("--count", "2");
        options.put("--length", "40");
        options.put("--seed", "7");
        for (int i = 0; i < extra.length; i++) {
            boolean flag = i + 1 >= extra.length || extra[i + 1].startsWith("--") && !extra[i + 1].matches("--?\\d.*");
            options.put(extra[i], flag ? null : extra[++i]);
        }
        List<String> args = new ArrayList<>(List.of("generate"));
        options.forEach((k, v) -> {
            args.add(k);
            if (v != null) args.add(v);
        });
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertUserError(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

    @Test
    void anOutThatIsAFileIsNamedAsOneAndLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        assertUserError(generate("--out", file.toString()), file + ": is a file, not a folder");
        assertUserError(generate("--out", file.toString(), "--force"), file + ": is a file, not a folder");
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aTinyTemperatureWritesRealPiecesNotEmptyOnes() throws Exception {
        CliRun run = generate("--temperature", "0.005", "--length", "120");
        assertEquals(0, run.exitCode(), run.err());
        for (int i = 1; i <= 2; i++) {
            Path file = dir.resolve("out").resolve("default-7-0" + i + ".mid");
            assertTrue(new MidiReader().read(file).notes().size() > 10, file.toString());
        }
    }

    @Test
    void everyNumberOutsideItsRangeIsOneLineNamingTheOption() {
        assertUserError(generate("--threads", "100000"), "--threads must be 0..256, got 100000");
        assertUserError(generate("--count", "0"), "--count must be 1..10000");
        assertUserError(generate("--count", "1000000"), "--count must be 1..10000");
        assertUserError(generate("--count", "10000", "--length", "100000"), "tokens at once");
        assertUserError(generate("--length", "-1"), "--length must be 1..100000");
        assertUserError(generate("--top-k", "-1"), "--top-k must be 0..");
        for (String p : List.of("0", "1.5", "NaN")) assertUserError(generate("--top-p", p), "--top-p must be above 0 and at most 1");
        for (String t : List.of("0", "-1", "NaN", "Infinity", "1e9")) assertUserError(generate("--temperature", t), "--temperature must be");
        for (String t : List.of("0", "NaN", "1e-9", "Infinity")) assertUserError(generate("--tempo", t), "--tempo must be 10..400 BPM");
        assertUserError(generate("--seed", "-5"), "--seed must be 0 or more");
        assertUserError(generate("--primer-length", "0", "--primer-from-corpus", "../midi_songs"), "--primer-length must be");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void aSecondRunWithTheSameSeedRefusesToOverwriteUnlessForced() throws Exception {
        assertEquals(0, generate().exitCode());
        Path first = dir.resolve("out").resolve("default-7-01.mid");
        Files.write(first, Files.readAllBytes(Path.of("..", "midi_songs", "fur-elise.mid"))); // the user's own file now
        byte[] mine = Files.readAllBytes(first);
        assertUserError(generate(), first + ": already exists; pass --force to replace it");
        assertArrayEquals(mine, Files.readAllBytes(first));
        assertEquals(0, generate("--force").exitCode());
        assertFalse(Arrays.equals(mine, Files.readAllBytes(first)));
    }

    @Test
    void roundtripNeverWritesOverItsInputAndAsksBeforeReplacingAnotherFile() throws Exception {
        Path input = Files.copy(Path.of("..", "midi_songs", "fur-elise.mid"), dir.resolve("tune.mid"));
        byte[] original = Files.readAllBytes(input);
        assertUserError(CliRun.of("roundtrip", input.toString(), "--out", input.toString()), "is the input file");
        assertUserError(CliRun.of("roundtrip", input.toString(), "--out", dir.resolve(".").resolve("tune.mid").toString(), "--force"),
                "is the input file");
        assertArrayEquals(original, Files.readAllBytes(input));
        Path other = Files.writeString(dir.resolve("other.mid"), "keep me");
        assertUserError(CliRun.of("roundtrip", input.toString(), "--out", other.toString()), "already exists (use --force");
        assertEquals("keep me", Files.readString(other));
        assertEquals(0, CliRun.of("roundtrip", input.toString(), "--out", other.toString(), "--force").exitCode());
    }

    @Test
    void namesMustBePlainAndStayInsideOut() throws Exception {
        assertUserError(generate("--name", "../../escape"), "--name '../../escape' holds a path separator '/'");
        assertUserError(generate("--name", dir.resolve("abs").toString()), "holds a path separator '/'");
        assertUserError(generate("--name", "two\nlines"), "--name 'two\\x0Alines' holds a control character (\\x0A)");
        assertUserError(generate("--name", "bell\u0007"), "holds a control character (\\x07)");
        assertUserError(generate("--name", ""), "--name '' is empty");
        assertUserError(generate("--name", ".hidden"), "starts with '.'");
        assertUserError(generate("--name", "-"), "starts with '-'");
        try (var all = Files.walk(dir)) {
            assertEquals(List.of(dir), all.toList(), "nothing written anywhere");
        }
        assertEquals(0, generate("--name", "my-tune_v2.0").exitCode());
        assertTrue(Files.exists(dir.resolve("out").resolve("my-tune_v2.0-7-01.mid")));
    }

    @Test
    void onlyTemporaryFilesOfAKilledCadenzaRunAreRemovedAndNamed() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.writeString(out.resolve(".default-3-01.mid.cadenza-" + dead.pid() + "-5eed.tmp"), "half a file");
        // Another tool's temporary file in a shared folder, in the shape our names used to have.
        Path theirs = Files.writeString(out.resolve(".draft.mid.5eed.tmp"), "someone else's work");
        for (Path p : List.of(stale, theirs)) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        CliRun run = generate();
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("note: removed " + stale + ", a temporary file a killed cadenza run left behind"), run.err());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(theirs), "a file we did not write is never touched");
    }
}
