package dev.cadenza.app.options;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object on stdout instead of text, for scripts. */
public final class JsonOption {
    @Option(names = "--json", description = "Print one JSON object instead of text (for scripts).")
    boolean json;

    public boolean requested() {
        return json;
    }
}
