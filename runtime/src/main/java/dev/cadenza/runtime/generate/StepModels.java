package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.spi.StepModelProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

import dev.cadenza.runtime.model.ModelFileException;

/**
 * Opens a {@link StepModel} by backend name, from the {@link StepModelProvider}s on the class path: ONNX Runtime
 * ({@code ort}, {@code ort-cpu}, {@code ort-cuda}) ships with the runtime; {@code dl4j} comes with the trainer module
 * and {@code samediff} with the exporter.
 */
public final class StepModels {
    /** The backend opened when none is named: ONNX Runtime on the asked device. */
    public static final String DEFAULT_BACKEND = dev.cadenza.runtime.onnx.OnnxStepModelProvider.NAME;

    private StepModels() {
    }

    /**
     * @throws IllegalArgumentException one line naming the known backends, when no provider knows the name
     * @throws ModelFileException      when the model file is missing or unusable, naming it
     * @throws IOException              when something else the backend reads cannot be read
     */
    public static StepModel open(BackendSpec spec) throws IOException, ModelFileException {
        for (StepModelProvider p : providers()) {
            if (p.names().contains(spec.name())) return p.open(spec);
        }
        throw new IllegalArgumentException("unknown backend '" + spec.name() + "' (known: " + String.join(", ", names()) + ")");
    }

    /** Every backend name available on this class path, sorted. */
    public static List<String> names() {
        TreeSet<String> all = new TreeSet<>();
        for (StepModelProvider p : providers()) all.addAll(p.names());
        return new ArrayList<>(all);
    }

    private static Iterable<StepModelProvider> providers() {
        return ServiceLoader.load(StepModelProvider.class, StepModels.class.getClassLoader());
    }
}
