package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

/**
 * Where a backend runs the model, whatever the engine: a {@link StepModel} says which it got ({@link StepModel#device})
 * and, when it fell back from what was asked, why ({@link StepModel#fallbackReason}).
 */
public enum Device {
    /** The accelerator when the backend can load it, otherwise the CPU (saying why). */
    AUTO,
    CPU,
    /** CUDA or a clear failure: never a silent fallback. */
    CUDA
}
