package dev.cadenza.app.options;

import dev.cadenza.runtime.generate.Device;
import picocli.CommandLine.Option;

/** {@code --device}: where ONNX Runtime runs the model. */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "auto (CUDA if it can be loaded, else the CPU, saying why), cpu, or cuda (fail if "
                    + "unavailable). Default: ${DEFAULT-VALUE}.")
    Device device = Device.AUTO;

    public Device device() {
        return device;
    }
}
