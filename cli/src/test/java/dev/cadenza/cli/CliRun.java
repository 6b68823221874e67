package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CadenzaCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A user error: exit code 1 and one line on stderr holding every one of {@code expected}. */
    void assertOneLineError(String... expected) {
        assertEquals(1, exitCode);
        assertEquals(1, err.strip().lines().count(), err);
        for (String e : expected) assertTrue(err.contains(e), err);
    }
}
