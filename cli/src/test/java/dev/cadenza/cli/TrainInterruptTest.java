package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cadenza.trainer.Checkpoint;
import dev.cadenza.trainer.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a real training process. Every epoch here is one batch, so a stop can only be taken after the epoch's
 * validation: the end-of-epoch path that once lost the epoch (exit 130, no word, no checkpoint).
 */
@DisabledOnOs(OS.WINDOWS) // no SIGINT to send
class TrainInterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCSavesTheEpochAndSaysWhatItKept() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (String name : List.of("satie-gymnopedie-no1.mid", "fur-elise.mid")) {
            Files.copy(TrainCommandTest.SONGS.resolve(name), corpus.resolve(name));
        }
        Path run = dir.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx1g", "-cp", classpath, CadenzaCli.class.getName(), "train",
                "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny", "--epochs", "500",
                "--patience", "0", "--max-batches", "1", "--threads", "1")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.contains("training windows")) break; // the loop has started
            }
            assertTrue(seen.toString().contains("training windows"), seen.toString());
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            for (String line; (line = out.readLine()) != null; ) seen.append(line).append('\n');
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "training stops");
            String stdout = seen.toString();
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertEquals(130, process.exitValue(), stdout + stderr);
            assertTrue(stderr.contains("stopping after the current batch"), stderr);
            assertTrue(stdout.contains("interrupted after epoch"), stdout);
            assertTrue(stdout.contains("saved " + run.resolve("checkpoints/last.zip")), stdout);
            RunFolder saved = RunFolder.open(run);
            assertTrue(saved.hasCheckpoint(Checkpoint.LAST) && saved.hasCheckpoint(Checkpoint.BEST));
            int epochs = saved.state().epochsDone();
            assertTrue(epochs >= 1 && epochs < 500, "epochs " + epochs);
            assertTrue(stdout.contains("interrupted after epoch " + epochs + " "), stdout);
        } finally {
            process.destroyForcibly();
        }
    }
}
