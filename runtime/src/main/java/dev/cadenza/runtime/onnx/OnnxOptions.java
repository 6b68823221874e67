package dev.cadenza.runtime.onnx;

import dev.cadenza.runtime.generate.Device;

/**
 * How to open a model with ONNX Runtime.
 *
 * @param device  where to run it
 * @param threads intra-op threads for the CPU (0 lets ONNX Runtime choose: one per core)
 * @param cudaDevice which GPU to use with CUDA
 */
public record OnnxOptions(Device device, int threads, int cudaDevice) {
    /** CUDA if it loads, else every CPU core. */
    public static final OnnxOptions DEFAULT = new OnnxOptions(Device.AUTO, 0, 0);

    public OnnxOptions {
        if (device == null) throw new IllegalArgumentException("device is required");
        if (threads < 0) throw new IllegalArgumentException("threads must be 0 (automatic) or positive, got " + threads);
        if (cudaDevice < 0) throw new IllegalArgumentException("the CUDA device index must be 0 or more");
    }

    /** On {@code device} with {@code threads} CPU threads (0: one per core), first CUDA device. */
    public static OnnxOptions of(Device device, int threads) {
        return new OnnxOptions(device, threads, 0);
    }
}
