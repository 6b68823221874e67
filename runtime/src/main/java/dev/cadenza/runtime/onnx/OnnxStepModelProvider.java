package dev.cadenza.runtime.onnx;

import dev.cadenza.runtime.generate.Device;
import java.util.Set;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModelProvider;
import dev.cadenza.runtime.model.ModelFileException;

/**
 * ONNX Runtime backends: {@code ort} runs on the spec's device (auto: CUDA if it loads, else the CPU),
 * {@code ort-cpu} and {@code ort-cuda} fix the device.
 */
public final class OnnxStepModelProvider implements StepModelProvider {
    /** The backend that runs on the spec's device: what {@code generate}, {@code evaluate} and the server open. */
    public static final String NAME = "ort";

    @Override
    public Set<String> names() {
        return Set.of(NAME, "ort-cpu", "ort-cuda");
    }

    @Override
    public OnnxStepModel open(BackendSpec spec) throws ModelFileException {
        Device device = switch (spec.name()) {
            case "ort-cpu" -> Device.CPU;
            case "ort-cuda" -> Device.CUDA;
            default -> spec.device();
        };
        return OnnxStepModel.open(spec.file(), OnnxOptions.of(device, spec.threads()));
    }
}
