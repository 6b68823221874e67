package dev.cadenza.runtime.model;

import java.nio.file.Path;

/** A model file that cannot be used. The message is one line that names the file and the problem. */
public class ModelFileException extends Exception {
    private final transient Path file;

    /** {@code problem} is what is wrong, without the file name (the message adds it). */
    public ModelFileException(Path file, String problem) {
        super(dev.cadenza.runtime.io.Printable.of(file) + ": " + dev.cadenza.runtime.io.Printable.of(problem));
        this.file = file;
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super(dev.cadenza.runtime.io.Printable.of(file) + ": " + dev.cadenza.runtime.io.Printable.of(problem), cause);
        this.file = file;
    }

    /** The model file the problem is in. */
    public Path file() {
        return file;
    }
}
