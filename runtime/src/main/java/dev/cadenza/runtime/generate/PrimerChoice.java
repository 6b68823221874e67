package dev.cadenza.runtime.generate;

import java.nio.file.Path;

import dev.cadenza.runtime.music.Key;

/** What the pieces of a {@link GenerationRequest} start from. */
public sealed interface PrimerChoice permits PrimerChoice.Start, PrimerChoice.StartInKey,
        PrimerChoice.MidiFile, PrimerChoice.CorpusWindows {
    /** From the very beginning: the model chooses how each piece opens. */
    static PrimerChoice start() {
        return new Start();
    }

    /**
     * From the beginning in {@code key}: every piece opens with {@code <start> k:KEY}. Only for models trained with
     * key tokens ({@code train --key-token}); {@link #start()} on such a model draws each piece's key instead.
     */
    static PrimerChoice start(Key key) {
        return new StartInKey(key);
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

    /** See {@link #start(Key)}. */
    record StartInKey(Key key) implements PrimerChoice {
        public StartInKey {
            if (key == null) throw new IllegalArgumentException("no key");
        }
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
