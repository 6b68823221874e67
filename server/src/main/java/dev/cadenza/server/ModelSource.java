package dev.cadenza.server;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A model the server loads at start: the name requests choose it by ({@code "model": NAME}) and its file.
 *
 * @param name letters, digits, '.', '_' or '-' (it appears in URLs, metrics labels and piece names)
 * @param file the exported {@code .onnx} file
 */
public record ModelSource(String name, Path file) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ModelSource {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--model: the name '" + name + "' must be 1..64 letters, digits, '.', '_' or '-'");
        }
    }

    /** A file served under its own name without {@code .onnx}. */
    public static ModelSource of(Path file) {
        return new ModelSource(CadenzaServer.modelName(file), file);
    }
}
