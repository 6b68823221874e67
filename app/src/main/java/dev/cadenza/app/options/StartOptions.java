package dev.cadenza.app.options;

import java.util.Locale;

import dev.cadenza.runtime.music.Key;
import picocli.CommandLine.Option;

/**
 * How a piece opens when it starts from the beginning: {@code --key} and {@code --style}, read the same way by
 * {@code generate} and {@code spark generate} (which then build one {@code Decoding} from them).
 */
public final class StartOptions {
    @Option(names = "--key", paramLabel = "KEY",
            description = "Start every piece in this key (C, Am, Eb, F#m, Bbm, ...): the piece opens with <start> k:KEY. "
                    + "Only for models trained with --key-token; without --key such a model draws each piece's key from "
                    + "its corpus's keys, reproducibly from the seed.")
    String key;

    @Option(names = "--style", paramLabel = "NAME",
            description = "Write every piece in this composer's style (chopin, mozart, ...; 'cadenza inspect MODEL' lists "
                    + "a model's styles): the piece opens with <start> s:NAME. Only for models trained with --style-token; "
                    + "without --style such a model picks each piece's style itself, as often as its corpus had it.")
    String style;

    /** Whether --key or --style was given. */
    public boolean keyGiven() {
        return key != null;
    }

    public boolean styleGiven() {
        return style != null;
    }

    /**
     * The key asked for, or null.
     *
     * @throws IllegalArgumentException naming --key and what is wrong with it
     */
    public Key key() {
        if (key == null) return null;
        try {
            return Key.parse(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key: " + e.getMessage());
        }
    }

    /** The style asked for, lower case as a model's style tokens are, or null. */
    public String style() {
        return style == null ? null : style.toLowerCase(Locale.ROOT);
    }
}
