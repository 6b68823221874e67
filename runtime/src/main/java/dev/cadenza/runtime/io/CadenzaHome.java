package dev.cadenza.runtime.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the files Cadenza ships (the default model, the default corpus) from any working folder: first relative to
 * the working folder, then in the Cadenza folder that the {@code ./cadenza} launcher names in {@link #PROPERTY}.
 */
public final class CadenzaHome {
    public static final String PROPERTY = "cadenza.home";

    private CadenzaHome() {
    }

    /** {@code relative} where it exists, in the working folder first; {@code relative} itself when in neither. */
    public static Path find(String relative) {
        Path local = Path.of(relative);
        if (Files.exists(local)) return local;
        String home = System.getProperty(PROPERTY);
        if (home != null && Files.exists(Path.of(home).resolve(relative))) return Path.of(home).resolve(relative);
        return local;
    }
}
