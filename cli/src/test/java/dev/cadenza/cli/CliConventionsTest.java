package dev.cadenza.cli;

import dev.cadenza.app.ProgressBars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** What every command shares: the version, the exit codes in --help, completion, --quiet and --verbose. */
class CliConventionsTest {
    /** The version in the POM, read independently of the filtered resource the command prints. */
    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>cadenza-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void everyCommandAnswersVersionWithTheBuildsVersion() throws Exception {
        String expected = "Cadenza " + pomVersion();
        for (String command : new String[] {"corpus", "train", "export", "generate", "bench", "pianoroll", "evaluate"}) {
            CliRun run = CliRun.of(command, "-V");
            assertEquals(0, run.exitCode(), command + ": " + run.err());
            assertTrue(run.out().startsWith(expected + System.lineSeparator()), command + " printed: " + run.out());
            assertTrue(run.out().contains("ONNX Runtime "), run.out());
        }
        assertTrue(CliRun.of("--version").out().startsWith(expected));
    }

    @Test
    void helpListsTheExitCodesAndUsageErrorsExitWithTwo() {
        for (String command : new String[] {"--help", "train --help", "generate --help"}) {
            CliRun run = CliRun.of(command.split(" "));
            assertTrue(run.out().contains("Exit codes:"), command + ": " + run.out());
            assertTrue(run.out().matches("(?s).*\\s70\\s+internal error.*"), run.out());
        }
        assertEquals(2, CliRun.of("generate", "--no-such-option").exitCode());
        assertEquals(2, CliRun.of("no-such-command").exitCode());
    }

    @Test
    void everyOptionHasAReadableLabel() {
        // picocli falls back to the Java field name (<dl4jSteps>) when an option has no paramLabel.
        picocli.CommandLine root = CadenzaCli.commandLine();
        for (var entry : root.getSubcommands().entrySet()) {
            String help = entry.getValue().getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
            Matcher field = Pattern.compile("<[a-z]+[A-Z][A-Za-z]*>").matcher(help);
            assertTrue(!field.find(), entry.getKey() + " --help shows a field name as a label: " + (field.hitEnd() ? "" : field.group()));
        }
    }

    @Test
    void completionScriptCoversTheCommands() {
        CliRun run = CliRun.of("generate-completion");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F"), "a bash completion script");
        assertTrue(run.out().contains("pianoroll") && run.out().contains("--soundfont"), "commands and their options");
    }

    @Test
    void quietAndVerboseAreAcceptedByEveryCommand() {
        try {
            CliRun quiet = CliRun.of("tokens", "-q", Path.of("..", "midi_songs", "fur-elise.mid").toString());
            assertEquals(0, quiet.exitCode(), quiet.err());
            assertTrue(quiet.out().lines().count() > 100, "the result is still printed");
            assertEquals("off", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
            assertEquals(0, CliRun.of("corpus", "--verbose", "--help").exitCode());
            assertEquals("info", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
            assertEquals(0, CliRun.of("corpus", "-vv", "--help").exitCode());
            assertEquals("debug", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
        } finally {
            System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
            ProgressBars.quiet(false);
        }
    }
}
