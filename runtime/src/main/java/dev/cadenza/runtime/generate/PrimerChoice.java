package dev.cadenza.runtime.generate;

import java.nio.file.Path;

/**
 * What the pieces of a {@link GenerationRequest} start from. The key a piece starts in is a decoding setting
 * ({@link Decoding#key}), taken with {@link #start()} only.
 */
public sealed interface PrimerChoice permits PrimerChoice.Start, PrimerChoice.MidiFile, PrimerChoice.MidiBytes,
        PrimerChoice.CorpusWindows {
    /**
     * From the very beginning: the model chooses how each piece opens (a model with key tokens opens each piece in
     * {@link Decoding#key}, or in a key drawn from its corpus's keys).
     */
    static PrimerChoice start() {
        return new Start();
    }

    /** Every piece continues this MIDI file (notes the model never saw mapped to the nearest it knows). */
    static PrimerChoice file(Path midi) {
        return new MidiFile(midi);
    }

    /** Every piece continues this MIDI file that came as bytes (a service's request body); {@code name} labels it. */
    static PrimerChoice midi(String name, byte[] midi) {
        return new MidiBytes(name, midi);
    }

    /** Each piece starts from a random window of {@code length} tokens of a random piece in {@code folder}. */
    static PrimerChoice corpus(Path folder, int length) {
        return new CorpusWindows(folder, length);
    }

    /** See {@link #start()}. */
    record Start() implements PrimerChoice {
    }

    /** See {@link #file(Path)}. */
    record MidiFile(Path file) implements PrimerChoice {
    }

    /** See {@link #midi(String, byte[])}. */
    record MidiBytes(String name, byte[] midi) implements PrimerChoice {
        public MidiBytes {
            if (name == null || midi == null) throw new IllegalArgumentException("a name and the MIDI bytes are required");
            midi = midi.clone();
        }

        @Override
        public byte[] midi() {
            return midi.clone();
        }
    }

    /** See {@link #corpus(Path, int)}. */
    record CorpusWindows(Path folder, int length) implements PrimerChoice {
        public CorpusWindows {
            if (length < 1) throw new IllegalArgumentException("the primer length must be at least 1, got " + length);
        }
    }
}
