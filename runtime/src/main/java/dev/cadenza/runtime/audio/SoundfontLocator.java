package dev.cadenza.runtime.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a General MIDI SoundFont without flags: first {@value #VARIABLE}, then the places where package managers and
 * users usually put one on Linux, macOS and Windows. The JDK's own sounds remain the fallback when none is found.
 *
 * <p>The machine (environment, OS name, home folder) is a parameter, so every OS's search can be tested anywhere.
 */
public final class SoundfontLocator {
    /** An environment variable naming the SoundFont (.sf2) or DLS file to use; it wins over every folder. */
    public static final String VARIABLE = "CADENZA_SOUNDFONT";
    /** The bank every General MIDI distribution ships; preferred when a folder holds several. */
    private static final String PREFERRED = "FluidR3_GM.sf2";

    private final Map<String, String> env;
    private final String os;
    private final Path home;

    public SoundfontLocator(Map<String, String> env, String osName, Path home) {
        this.env = Map.copyOf(env);
        this.os = osName.toLowerCase(Locale.ROOT);
        this.home = home;
    }

    /** This machine. */
    public static SoundfontLocator system() {
        return new SoundfontLocator(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    /**
     * The SoundFont to use, if any.
     *
     * @throws IllegalArgumentException when {@value #VARIABLE} names a file that does not exist: a typo there must
     *                                  not silently fall back to other sounds
     */
    public Optional<Path> find() {
        String named = env.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(VARIABLE + "=" + named + ": no such SoundFont file");
            }
            return Optional.of(file);
        }
        for (Path candidate : places()) {
            Optional<Path> found = Files.isDirectory(candidate) ? bankIn(candidate)
                    : Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** Files and folders searched, in order, on this OS (folders: FluidR3_GM.sf2 first, else the first .sf2 by name). */
    public List<Path> places() {
        List<Path> places = new ArrayList<>();
        if (os.contains("win")) {
            places.add(home.resolve("SoundFonts"));
            places.add(home.resolve("Documents").resolve("SoundFonts"));
            places.add(Path.of("C:\\SoundFonts"));
            // Microsoft's GS Wavetable bank, present on every Windows: better than nothing, worse than FluidR3.
            places.add(Path.of(env.getOrDefault("SystemRoot", "C:\\Windows"), "System32", "drivers", "gm.dls"));
        } else if (os.contains("mac")) {
            places.add(home.resolve("Library/Audio/Sounds/Banks"));
            places.add(Path.of("/Library/Audio/Sounds/Banks"));
            places.add(Path.of("/opt/homebrew/share/soundfonts"));
            places.add(Path.of("/usr/local/share/soundfonts"));
            places.add(home.resolve("SoundFonts"));
        } else {
            places.add(Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2")); // Debian/Ubuntu: fluid-soundfont-gm
            places.add(Path.of("/usr/share/sounds/sf2/default-GM.sf2"));
            places.add(Path.of("/usr/share/soundfonts/FluidR3_GM.sf2"));   // Fedora, Arch
            places.add(Path.of("/usr/share/soundfonts/default.sf2"));
            places.add(Path.of("/usr/share/sounds/sf2"));
            places.add(Path.of("/usr/share/soundfonts"));
            places.add(home.resolve(".local/share/soundfonts"));
            places.add(home.resolve(".local/share/sounds/sf2"));
        }
        return places;
    }

    private static Optional<Path> bankIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> banks = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sf2"))
                    .sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().equalsIgnoreCase(PREFERRED))
                            .thenComparing(f -> f.getFileName().toString()))
                    .toList();
            return banks.stream().findFirst();
        } catch (IOException e) {
            return Optional.empty(); // an unreadable folder is one we cannot use; the search goes on
        }
    }
}
