package dev.cadenza.runtime.onnx;

/** Where ONNX Runtime runs the model. */
public enum Device {
    /** CUDA when ONNX Runtime can load it, otherwise the CPU (saying why). */
    AUTO,
    CPU,
    /** CUDA or a clear failure: never a silent fallback. */
    CUDA
}
