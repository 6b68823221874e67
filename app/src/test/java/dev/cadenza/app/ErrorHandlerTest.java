package dev.cadenza.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one error handler both entry points use: what a failure prints and which exit code it gives. */
class ErrorHandlerTest {
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        @Option(names = "--count")
        int count;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(Exception failure, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.of(new Failing(failure)).setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void aMissingFileIsAUserErrorHoweverItIsWrapped() {
        for (Exception e : new Exception[] {new NoSuchFileException("songs/a.mid"),
                new UncheckedIOException(new NoSuchFileException("songs/a.mid"))}) {
            Run run = run(e);
            assertEquals(ExitCodes.USER_ERROR, run.code(), run.err());
            assertEquals("error: songs/a.mid: no such file or folder", run.err().strip());
        }
    }

    @Test
    void userErrorsAndRefusedSettingsAreOneLine() {
        assertEquals("error: --count must be at least 1", run(new UserError("--count must be at least 1")).err().strip());
        Run refused = run(new IllegalArgumentException("top-p must be above 0 and at most 1, got 2.0"));
        assertEquals(ExitCodes.USER_ERROR, refused.code());
        assertEquals("error: top-p must be above 0 and at most 1, got 2.0", refused.err().strip());
    }

    @Test
    void aBugIsAnInternalError() {
        Run run = run(new IllegalStateException("row 3 has no state"));
        assertEquals(ExitCodes.INTERNAL_ERROR, run.code());
        assertTrue(run.err().startsWith("internal error: java.lang.IllegalStateException: row 3 has no state"), run.err());
    }

    @Test
    void aCommandLineThatDoesNotParseIsAUsageErrorWithAHint() {
        Run unknown = run(new IllegalStateException("not reached"), "--cuont", "3");
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("error: Unknown option") && unknown.err().contains("'--cuont'"), unknown.err());
        assertTrue(unknown.err().contains("'fail --help' lists the options"), unknown.err());
        Run malformed = run(new IllegalStateException("not reached"), "--count", "many");
        assertEquals(ExitCodes.USAGE, malformed.code());
        assertTrue(malformed.err().contains("'many' is not an int"), malformed.err());
    }
}
