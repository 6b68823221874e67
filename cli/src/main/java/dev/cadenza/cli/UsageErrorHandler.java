package dev.cadenza.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.cadenza.runtime.io.Printable;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that cannot be parsed gets the one thing that is wrong and where to look, not the whole usage text
 * (forty lines in which the actual complaint scrolls away). Exit code 2, picocli's code for invalid input, tells
 * scripts that the command line itself was wrong.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + Printable.of(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) err.println("did you mean: " + String.join(", ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?");
        }
        err.println("hint: '" + cmd.getCommandSpec().qualifiedName() + " --help' lists the options");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
