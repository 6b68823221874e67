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
    void onlyOurOwnTemporaryFilesOfDeadRunsAreRemovedAndNamed() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        long deadPid = dead.pid();
        long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Path ours = Files.writeString(dir.resolve(".default-7-01.mid.cadenza-" + deadPid + "-1f2e3d4c.tmp"), "half");
        Path running = Files.writeString(dir.resolve(".default-7-03.mid.cadenza-" + livePid + "-1f2e.tmp"), "being written");
        Path fresh = Files.writeString(dir.resolve(".default-7-02.mid.cadenza-" + deadPid + "-abc.tmp"), "just now");
        // Another tool's temporary file with the shape our old names had: not ours, never touched.
        Path theirs = Files.writeString(dir.resolve(".report.docx.1f2e3d4c.tmp"), "someone else's");
        Path notes = Files.writeString(dir.resolve("notes.tmp"), "mine");
        for (Path p : List.of(ours, running, theirs, notes)) Files.setLastModifiedTime(p, FileTime.from(hourAgo));
        Files.writeString(dir.resolve("default-7-01.mid"), "a piece");

        assertEquals(List.of(ours), AtomicFiles.removeStale(dir, Duration.ofMinutes(1)));
        assertFalse(Files.exists(ours));
        assertEquals(List.of(".default-7-02.mid.cadenza-" + deadPid + "-abc.tmp", ".default-7-03.mid.cadenza-" + livePid + "-1f2e.tmp",
                ".report.docx.1f2e3d4c.tmp", "default-7-01.mid", "notes.tmp"), names());
        assertTrue(AtomicFiles.isTempName(AtomicFiles.tempFor(dir.resolve("x.mid")).getFileName().toString()));
    }
}
