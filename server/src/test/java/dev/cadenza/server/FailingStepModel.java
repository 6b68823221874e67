package dev.cadenza.server;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * The real shipped model, with one switch: when armed, its next call fails the way a backend failure surfaces (an
 * unchecked exception out of {@code run}). How the service survives that is what the test is about.
 */
final class FailingStepModel implements StepModel {
    private final OnnxStepModel real;
    final AtomicBoolean failNext = new AtomicBoolean();
    /** When armed, the next call throws the Error a huge allocation gives (the thread's state is then in doubt). */
    final AtomicBoolean outOfMemoryNext = new AtomicBoolean();

    FailingStepModel(OnnxStepModel real) {
        this.real = real;
    }

    @Override
    public int vocabularySize() {
        return real.vocabularySize();
    }

    @Override
    public ModelState newState(int rows) {
        return real.newState(rows);
    }

    @Override
    public void run(long[] tokens, int steps, ModelState state, float[] probs) {
        if (outOfMemoryNext.compareAndSet(true, false)) throw new OutOfMemoryError("Java heap space (injected)");
        if (failNext.compareAndSet(true, false)) throw new IllegalStateException("ONNX Runtime failed: injected failure\nsecond line");
        real.run(tokens, steps, state, probs);
    }

    @Override
    public String backendName() {
        return real.backendName();
    }

    @Override
    public void close() {
        real.close();
    }
}
