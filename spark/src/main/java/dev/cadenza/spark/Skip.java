package dev.cadenza.spark;

import java.io.Serializable;

/** A file that could not be used, with the one-line reason {@code cadenza corpus} gives for it. */
public record Skip(String file, String reason) implements Serializable {
}
