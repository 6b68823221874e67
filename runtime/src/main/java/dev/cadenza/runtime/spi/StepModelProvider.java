package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.spi.StepModelProvider;

import java.io.IOException;
import java.util.Set;

import dev.cadenza.runtime.model.ModelFileException;

/**
 * Opens the step models of one backend family. Implementations are found with {@link java.util.ServiceLoader}: a
 * module adds a backend with one class and one line in
 * {@code META-INF/services/dev.cadenza.runtime.spi.StepModelProvider}; they need a public no-argument constructor.
 */
public interface StepModelProvider {
    /** The backend names this provider opens, e.g. {@code ort-cpu}. */
    Set<String> names();

    /**
     * Opens {@code spec.file()} with the backend {@code spec.name()} (one of {@link #names()}).
     *
     * @throws ModelFileException when the model file is missing or unusable, naming it
     * @throws IOException        when something else the backend reads cannot be read
     */
    StepModel open(BackendSpec spec) throws IOException, ModelFileException;
}
