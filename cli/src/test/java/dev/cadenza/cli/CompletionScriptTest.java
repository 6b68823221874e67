package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The completion file the build writes: bash sources it and completes commands and options without a JVM. */
class CompletionScriptTest {
    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void bashSourcesTheFileAndCompletesCommandsAndOptions() throws Exception {
        Path file = dir.resolve(CompletionScript.FILE);
        CompletionScript.main(new String[] {file.toString()});
        assertEquals(CompletionScript.script(), Files.readString(file));
        assertEquals("generate generate-completion", complete(file, "cadenza gen", 1));
        assertTrue(complete(file, "cadenza export runs/x --che", 3).contains("--check"), "export's new option");
    }

    private static String complete(Path script, String line, int word) throws Exception {
        String words = "(" + line + ")";
        Process bash = new ProcessBuilder("bash", "-c", "source '" + script + "' 2>/dev/null; COMP_WORDS=" + words
                + "; COMP_CWORD=" + word + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_cadenza 2>/dev/null; echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
