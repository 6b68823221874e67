package dev.cadenza.runtime.midi;

import java.nio.file.Path;

/** A MIDI file that cannot be used. The message is one line that names the file and the problem. */
public class MidiFileException extends Exception {
    private final Path file;
    private final String problem;

    /** {@code problem} is what is wrong, without the file name (the message adds it). */
    public MidiFileException(Path file, String problem) {
        super(dev.cadenza.runtime.io.Printable.of(file) + ": " + dev.cadenza.runtime.io.Printable.of(problem));
        this.file = file;
        this.problem = problem;
    }

    public MidiFileException(Path file, String problem, Throwable cause) {
        super(dev.cadenza.runtime.io.Printable.of(file) + ": " + dev.cadenza.runtime.io.Printable.of(problem), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The MIDI file the problem is in. */
    public Path file() {
        return file;
    }

    /** The problem alone, without the file name. */
    public String problem() {
        return problem;
    }
}
