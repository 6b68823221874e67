package dev.cadenza.app;

import java.util.Optional;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.cadenza.runtime.generate.Device;

/**
 * The one line that says {@code --device auto} ran on the CPU and why. Said only where a user could have expected
 * CUDA: not under {@code -q}, and not by a CPU-only build (the lean jar, the {@code cpu} profile), which has no CUDA
 * to miss.
 */
public final class DeviceNote {
    private DeviceNote() {
    }

    /** @param fallbackReason why the model runs on the CPU (null: it runs where it was asked to) */
    public static Optional<String> of(String fallbackReason, Device requested) {
        if (fallbackReason == null || requested != Device.AUTO || ProgressBars.isQuiet()) return Optional.empty();
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) return Optional.empty();
        return Optional.of("note: " + fallbackReason);
    }
}
