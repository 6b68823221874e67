package dev.cadenza.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sigtermInTheMiddleOfAWriteLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("piece.mid");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWrite.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            assertEquals("writing", out.readLine(), "the child reached the middle of its write");
            assertEquals(1, names().size(), "a temporary file exists while writing: " + names());
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), names(), "neither the target nor a temporary file");
    }

    @Test
    void staleTemporaryFilesAreRemovedAndFreshOnesAndOtherFilesKept() throws Exception {
        Path stale = Files.writeString(dir.resolve(".default-7-01.mid.1f2e3d4c.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path fresh = Files.writeString(dir.resolve(".default-7-02.mid.abc.tmp"), "being written");
        Path oldButNotOurs = Files.writeString(dir.resolve("notes.tmp"), "mine");
        Files.setLastModifiedTime(oldButNotOurs, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.writeString(dir.resolve("default-7-01.mid"), "a piece");

        assertEquals(1, AtomicFiles.removeStale(dir, Duration.ofMinutes(1)));
        assertFalse(Files.exists(stale));
        assertEquals(List.of(".default-7-02.mid.abc.tmp", "default-7-01.mid", "notes.tmp"), names());
    }
}
