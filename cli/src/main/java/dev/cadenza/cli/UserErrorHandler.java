package dev.cadenza.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns user errors (bad files, missing folders, refused settings) into one line on stderr and exit code 1. Only
 * genuine bugs keep their stack trace, and then only with {@code CADENZA_DEBUG=1}.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 70;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        String message = describe(ex);
        boolean debug = "1".equals(System.getenv("CADENZA_DEBUG"));
        if (message != null) {
            cmd.getErr().println("error: " + message);
            if (debug) ex.printStackTrace(cmd.getErr());
            return USER_ERROR;
        }
        cmd.getErr().println("internal error: " + ex + (debug ? "" : " (set CADENZA_DEBUG=1 for the stack trace)"));
        if (debug) ex.printStackTrace(cmd.getErr());
        return INTERNAL_ERROR;
    }

    /** The one-line message for a user-caused failure, or null for a bug. */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException u) ex = u.getCause();
        if (ex instanceof UserError || ex instanceof MidiFileException || ex instanceof ModelFileException) return ex.getMessage();
        if (ex instanceof NoSuchFileException e) return e.getFile() + ": no such file or folder";
        if (ex instanceof NotDirectoryException e) return e.getFile() + ": not a folder";
        if (ex instanceof AccessDeniedException e) return e.getFile() + ": permission denied";
        if (ex instanceof FileAlreadyExistsException e) return e.getFile() + ": already exists";
        if (ex instanceof IOException e) return e.getMessage() == null ? e.toString() : e.getMessage();
        if (ex instanceof IllegalArgumentException e) return e.getMessage();
        return null;
    }
}
