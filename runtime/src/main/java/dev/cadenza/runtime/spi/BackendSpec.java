package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.generate.StepModels;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModelProvider;

import java.nio.file.Path;


/**
 * Which backend to open, on what: the argument of {@link StepModels#open}.
 *
 * @param name    {@code ort} (ONNX Runtime on {@code device}), {@code ort-cpu}, {@code ort-cuda}, {@code dl4j},
 *                {@code samediff}, or any name a {@link StepModelProvider} registers
 * @param file    what the backend reads: the {@code .onnx} model for ONNX Runtime, the portable
 *                {@code .portable.onnx} for SameDiff, the training run folder for DL4J
 * @param device  where ONNX Runtime runs with {@code ort} (the {@code ort-cpu} and {@code ort-cuda} names fix it)
 * @param threads CPU threads (0: one per core)
 */
public record BackendSpec(String name, Path file, Device device, int threads) {
    public BackendSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a backend name is required");
        if (file == null) throw new IllegalArgumentException("a model file is required");
        if (device == null) device = Device.AUTO;
        if (threads < 0) throw new IllegalArgumentException("threads must be 0 (automatic) or positive, got " + threads);
    }
}
