package dev.cadenza.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

import dev.cadenza.runtime.io.Printable;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every Cadenza entry point ({@code ./cadenza} and the standalone generator) reports failure: user errors (bad
 * files, missing folders, refused settings) as one line on stderr and {@link ExitCodes#USER_ERROR}; a command line
 * that cannot be parsed as the one thing wrong with it and {@link ExitCodes#USAGE}; genuine bugs as
 * {@link ExitCodes#INTERNAL_ERROR}, with the stack trace only when {@code CADENZA_DEBUG=1}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String message = describe(ex);
        boolean debug = "1".equals(System.getenv("CADENZA_DEBUG"));
        if (message != null) {
            err.println("error: " + message);
            if (debug) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        err.println("internal error: " + ex + (debug ? "" : " (set CADENZA_DEBUG=1 for the stack trace)"));
        if (debug) ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The complaint and where to look, not the whole usage text in which the complaint scrolls away. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + Printable.of(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("did you mean: " + String.join(", ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?");
            }
        }
        err.println("hint: '" + cmd.getCommandSpec().qualifiedName() + " --help' lists the options");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The one-line message for a user-caused failure, or null for a bug. */
    public static String describe(Throwable ex) {
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
