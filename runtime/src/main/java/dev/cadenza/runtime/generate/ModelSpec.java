package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.BackendSpec;

import java.nio.file.Path;


/**
 * Which model a {@link Generator} opens, and how.
 *
 * @param model   the model file ({@code .onnx}; for other backends, what they read, see {@link BackendSpec#file})
 * @param backend a backend name known to {@link StepModels} (null: {@link StepModels#DEFAULT_BACKEND})
 * @param device  where the backend runs ({@link Device#AUTO}: CUDA if it loads, else the CPU)
 * @param threads CPU threads (0: one per core)
 */
public record ModelSpec(Path model, String backend, Device device, int threads) {
    public ModelSpec {
        if (model == null) throw new IllegalArgumentException("a model file is required");
        if (backend == null) backend = StepModels.DEFAULT_BACKEND;
        if (device == null) device = Device.AUTO;
    }

    /** The model on ONNX Runtime, CUDA if it loads, all CPU cores otherwise. */
    public static ModelSpec of(Path model) {
        return new ModelSpec(model, null, Device.AUTO, 0);
    }

    /** The spec {@link StepModels#open} takes. */
    public BackendSpec backendSpec() {
        return new BackendSpec(backend, model, device, threads);
    }
}
