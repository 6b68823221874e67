package dev.cadenza.runtime.generate;

import java.nio.file.Path;

/** What the pieces of a {@link GenerationRequest} start from. */
public sealed interface PrimerChoice permits PrimerChoice.Start, PrimerChoice.MidiFile, PrimerChoice.CorpusWindows {
    /** From the very beginning: the model chooses how each piece opens. */
    static PrimerChoice start() {
        return new Start();
    }

    /** Every piece continues this MIDI file (notes the model never saw mapped to the nearest it knows). */
    static PrimerChoice file(Path midi) {
        return new MidiFile(midi);
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

    /** See {@link #corpus(Path, int)}. */
    record CorpusWindows(Path folder, int length) implements PrimerChoice {
        public CorpusWindows {
            if (length < 1) throw new IllegalArgumentException("the primer length must be at least 1, got " + length);
        }
    }
}
