package dev.cadenza.spark;

import java.io.Serializable;

/**
 * One MIDI file to read: where it is (a local path or a Hadoop URI) and its name relative to the corpus root, the same
 * name {@code cadenza corpus} and {@code train} give the piece.
 */
public record SourceFile(String location, String name, boolean local) implements Serializable {
}
