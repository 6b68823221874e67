package dev.cadenza.exporter;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs an exported file in ONNX Runtime (CPU) for the exporter's own checks. Generation uses the runtime module's
 * backend; this one favours plain arrays over speed.
 */
final class OrtRunner implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int layers;
    private final int hidden;

    OrtRunner(Path model, int layers, int hidden) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            this.session = env.createSession(model.toString(), options);
        }
        this.layers = layers;
        this.hidden = hidden;
    }

    /** Probabilities {@code [batch, steps, vocab]} and the states after the last step, all row-major. */
    record Result(float[] probs, float[] h, float[] c) {
    }

    /**
     * @param tokens row-major {@code [batch, steps]}
     * @param h      {@code [layers, batch, hidden]}, the state to start from (c likewise)
     */
    Result run(long[] tokens, int batch, int steps, float[] h, float[] c) throws OrtException {
        long[] stateShape = {layers, batch, hidden};
        try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {batch, steps});
             OnnxTensor th = OnnxTensor.createTensor(env, FloatBuffer.wrap(h), stateShape);
             OnnxTensor tc = OnnxTensor.createTensor(env, FloatBuffer.wrap(c), stateShape);
             OrtSession.Result out = session.run(Map.of(ModelFiles.TOKENS, t, ModelFiles.H, th, ModelFiles.C, tc))) {
            return new Result(floats(out, ModelFiles.PROBS), floats(out, ModelFiles.H_OUT), floats(out, ModelFiles.C_OUT));
        }
    }

    private static float[] floats(OrtSession.Result out, String name) {
        OnnxTensor tensor = (OnnxTensor) out.get(name).orElseThrow(() -> new IllegalStateException("model has no output " + name));
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
