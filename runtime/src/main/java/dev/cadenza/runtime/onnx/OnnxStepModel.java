package dev.cadenza.runtime.onnx;

import dev.cadenza.runtime.generate.Device;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static dev.cadenza.runtime.model.ModelSignature.C;
import static dev.cadenza.runtime.model.ModelSignature.C_OUT;
import static dev.cadenza.runtime.model.ModelSignature.H;
import static dev.cadenza.runtime.model.ModelSignature.H_OUT;
import static dev.cadenza.runtime.model.ModelSignature.PROBS;
import static dev.cadenza.runtime.model.ModelSignature.TOKENS;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.LstmStepModel;
import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelFileBytes;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelShapes;
import dev.cadenza.runtime.model.ModelSignature;
import dev.cadenza.runtime.model.OnnxBytes;

/**
 * A Cadenza {@code .onnx} model run by ONNX Runtime: the production backend.
 *
 * <p>The step loop is what generation spends its time in, and at batch 1 the fixed cost of a call dominates the
 * arithmetic. So every tensor lives on direct native buffers that are created once per shape and reused: the inputs
 * are written in place, the outputs are pinned (ONNX Runtime writes straight into our buffers), and a call
 * allocates no tensor and no array. The buffers are recreated only when the batch size or step count changes.
 */
public final class OnnxStepModel implements LstmStepModel {
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Device device;
    private final String fallbackReason;
    private final int vocabulary;
    private final int layers;
    private final int hidden;
    private final ModelDigest.Status digest;

    private Buffers buffers;

    private OnnxStepModel(Path file, OrtEnvironment env, OrtSession session, ModelMetadata metadata, Device device,
                          String fallbackReason, ModelDigest.Status digest) {
        this.digest = digest;
        this.file = file;
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.device = device;
        this.fallbackReason = fallbackReason;
        this.vocabulary = metadata.vocabulary().size();
        this.layers = metadata.layers();
        this.hidden = metadata.hidden();
    }

    /**
     * Opens a model file.
     *
     * @throws ModelFileException when the file is missing, not ONNX, not a Cadenza model, tampered with, or when
     *                            {@link Device#CUDA} was asked for and cannot be used
     */
    public static OnnxStepModel open(Path file, OnnxOptions options) throws ModelFileException {
        byte[] bytes = ModelFileBytes.read(file);
        Prechecked pre = precheck(file, bytes);
        // The digest costs a few milliseconds warm but a few hundred in a cold JVM (SHA-256 runs interpreted until
        // the JIT compiles it), so it runs beside ONNX Runtime's start-up, which takes longer, on another core. The
        // structure, metadata and shapes were checked above; the model is not handed out until the digest agrees.
        java.util.concurrent.CompletableFuture<Object> digestCheck = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return ModelDigest.verify(file, pre.bytes());
            } catch (ModelFileException e) {
                return e;
            }
        }, OnnxStepModel::runAside);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String fallback = null;
        Device used = options.device();
        if (used == Device.AUTO) {
            fallback = cudaAbsence(env);
            used = fallback == null ? Device.CUDA : Device.CPU;
        }
        OrtSession session = null;
        try {
            if (used == Device.CUDA) {
                try (OrtSession.SessionOptions so = sessionOptions(options, true)) {
                    session = env.createSession(bytes, so);
                } catch (OrtException e) {
                    if (isModelProblem(e)) throw new ModelFileException(file, "not a loadable ONNX model: " + ortMessage(e));
                    if (options.device() == Device.CUDA) {
                        throw new ModelFileException(file, "CUDA cannot be used: " + cudaReason(e)
                                + CudaLibraries.hint() + " (use --device cpu or auto)");
                    }
                    fallback = "CUDA unavailable (" + cudaReason(e) + CudaLibraries.hint() + "); running on the CPU";
                    used = Device.CPU;
                }
            }
            if (session == null) {
                try (OrtSession.SessionOptions so = sessionOptions(options, false)) {
                    session = env.createSession(bytes, so);
                }
            }
            Object digest = digestCheck.join();
            if (digest instanceof ModelFileException e) throw e;
            ModelMetadata metadata = readMetadata(file, session);
            if (!metadata.equals(pre.metadata())) {
                throw new ModelFileException(file, "ONNX Runtime reads different metadata than the file holds");
            }
            return new OnnxStepModel(file, env, session, metadata, used, fallback, (ModelDigest.Status) digest);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelFileException(file, "not a loadable ONNX model: " + ortMessage(e));
        } catch (ModelFileException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** What the checks before ONNX Runtime found: the metadata and whether a weights digest was verified. */
    public record Checked(ModelMetadata metadata, ModelDigest.Status digest) {
    }

    /**
     * Everything the runtime checks before handing the bytes to ONNX Runtime: well-formed protobuf, our metadata
     * with every number in range, stored weights whose shapes fit that metadata, and the weights digest. Nothing is
     * sized by a number from the file before it has been compared with the file's actual content.
     */
    public static Checked check(Path file, byte[] bytes) throws ModelFileException {
        Prechecked pre = precheck(file, bytes);
        return new Checked(pre.metadata(), ModelDigest.verify(file, pre.bytes()));
    }

    private record Prechecked(OnnxBytes bytes, ModelMetadata metadata) {
    }

    /** A daemon thread per call: the JVM must not wait for it, and the common pool may have no spare thread. */
    private static void runAside(Runnable task) {
        Thread t = new Thread(task, "cadenza-model-digest");
        t.setDaemon(true);
        t.start();
    }

    /** Everything of {@link #check} but the digest. */
    private static Prechecked precheck(Path file, byte[] bytes) throws ModelFileException {
        OnnxBytes scanned;
        try {
            scanned = OnnxBytes.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "not an ONNX model (" + e.getMessage() + ")");
        }
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.fromProperties(scanned.metadata(), file.toString());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, stripSource(e.getMessage(), file.toString()));
        }
        java.util.List<String> problems = ModelShapes.problems(metadata, scanned.initializerShapes());
        if (!problems.isEmpty()) {
            throw new ModelFileException(file, "does not match its metadata: " + String.join("; ", problems));
        }
        return new Prechecked(scanned, metadata);
    }

    private static OrtSession.SessionOptions sessionOptions(OnnxOptions options, boolean cuda) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setInterOpNumThreads(1);
            if (options.threads() > 0) so.setIntraOpNumThreads(options.threads());
            if (cuda) so.addCUDA(options.cudaDevice());
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    /** True when ONNX Runtime rejected the file itself rather than the execution provider. */
    /**
     * ONNX Runtime's message without its error-code prefix and C++ source locations, which mean nothing to a user.
     */
    static String ortMessage(OrtException e) {
        String m = firstLine(e);
        int at = m.indexOf("message: ");
        if (at >= 0) m = m.substring(at + 9);
        m = m.replaceAll("\\[ONNXRuntimeError\\] : \\d+ : [A-Z_]+ : ", "");
        m = m.replaceAll("/[^ ]*\\.(cc|h|cpp):\\d+ [^ ]*(\\([^)]*\\))? ?", "");
        m = m.replaceAll("\\s+", " ").strip();
        return m.isEmpty() ? "ONNX Runtime refused it" : m;
    }

    private static boolean isModelProblem(OrtException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("INVALID_PROTOBUF") || m.contains("INVALID_GRAPH") || m.contains("NO_MODEL")
                || m.contains("Load model") || m.contains("protobuf parsing failed");
    }

    private static ModelMetadata readMetadata(Path file, OrtSession session) throws ModelFileException, OrtException {
        Map<String, String> props = session.getMetadata().getCustomMetadata();
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.fromProperties(props, file.toString());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, stripSource(e.getMessage(), file.toString()));
        }
        checkSignature(file, session, metadata);
        return metadata;
    }

    /** The graph must have our inputs and outputs with shapes that agree with the metadata, or we refuse it. */
    private static void checkSignature(Path file, OrtSession session, ModelMetadata m)
            throws ModelFileException, OrtException {
        java.util.List<String> problems = ModelSignature.problems(m, shapes(session.getInputInfo()), shapes(session.getOutputInfo()));
        if (!problems.isEmpty()) throw new ModelFileException(file, "does not match its metadata: " + String.join("; ", problems));
    }

    /** ONNX Runtime marks an open dimension -1, as {@link ModelSignature#ANY} does. */
    private static Map<String, long[]> shapes(Map<String, NodeInfo> ports) {
        Map<String, long[]> shapes = new HashMap<>();
        ports.forEach((name, info) -> shapes.put(name, shape(info)));
        return shapes;
    }

    private static long[] shape(NodeInfo info) {
        return info.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
    }

    private static String stripSource(String message, String source) {
        if (message.startsWith(source + ": ")) return message.substring(source.length() + 2);
        if (message.startsWith(source + " ")) return message.substring(source.length() + 1);
        return message;
    }

    /**
     * Why CUDA surely cannot work here, found without loading the CUDA provider (loading it just to fail costs
     * seconds: the provider library is hundreds of megabytes); null when it may work.
     */
    private static String cudaAbsence(OrtEnvironment env) {
        if (!env.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA)) {
            return "CUDA unavailable (this ONNX Runtime build has no CUDA provider); running on the CPU";
        }
        if (System.getProperty("os.name", "").startsWith("Linux") && !OrtNativeCache.nvidiaDriverPresent()) {
            return "CUDA unavailable (no NVIDIA driver: /dev/nvidiactl is missing); running on the CPU";
        }
        return null;
    }

    /** ONNX Runtime's provider errors start with source locations; the user needs the library that is missing. */
    static String cudaReason(OrtException e) {
        String m = firstLine(e);
        int at = m.indexOf("Failed to load library");
        if (at >= 0) return m.substring(at);
        at = m.indexOf("FAIL : ");
        return at >= 0 ? m.substring(at + 7) : m;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) return;
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing; the first error is the one to report.
        }
    }

    /** The .onnx file this model was loaded from. */
    public Path file() {
        return file;
    }

    /** The metadata read from the file. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Whether the weights were checked against a digest stored at export, or the file has none. */
    public ModelDigest.Status digest() {
        return digest;
    }

    /** Where the model actually runs. */
    @Override
    public Device device() {
        return device;
    }

    /** Why {@link Device#AUTO} fell back to the CPU; empty when it runs where asked. */
    @Override
    public java.util.Optional<String> fallbackReason() {
        return java.util.Optional.ofNullable(fallbackReason);
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public int layers() {
        return layers;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }


    @Override
    public java.util.Optional<ModelMetadata> modelMetadata() {
        return java.util.Optional.of(metadata);
    }

    @Override
    public String backendName() {
        return device == Device.CUDA ? "ort-cuda" : "ort-cpu";
    }

    @Override
    public void run(long[] tokens, int steps, ModelState modelState, float[] probs) {
        LstmState state = (LstmState) modelState;
        int batch = state.batch();
        if (state.layers() != layers || state.hidden() != hidden) {
            throw new IllegalArgumentException("state is shaped for " + state.layers() + " x " + state.hidden()
                    + ", the model for " + layers + " x " + hidden);
        }
        if (tokens.length < batch * steps) throw new IllegalArgumentException("tokens holds fewer than batch x steps ids");
        if (probs.length < batch * steps * vocabulary) throw new IllegalArgumentException("probs is too small");
        int perCall = metadata.stepsPerCall() == 0 ? steps : 1;
        try {
            if (perCall == steps) {
                call(tokens, 0, steps, steps, state, probs, 0);
            } else {
                for (int s = 0; s < steps; s++) call(tokens, s, 1, steps, state, probs, s);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed: " + firstLine(e), e);
        }
    }

    /** Runs steps [from, from + count) of a [batch, totalSteps] token matrix. */
    private void call(long[] tokens, int from, int count, int totalSteps, LstmState state, float[] probs, int probStep)
            throws OrtException {
        int batch = state.batch();
        Buffers b = buffers(batch, count, state);
        for (int r = 0; r < batch; r++) b.tokens.put(r * count, tokens, r * totalSteps + from, count);
        try (OrtSession.Result ignored = session.run(b.inputs, b.outputs)) {
            // Outputs are pinned: the results already sit in our buffers; closing the Result frees nothing of ours.
        }
        int v = vocabulary;
        if (count == totalSteps) {
            b.probs.get(0, probs, 0, batch * count * v);
        } else {
            for (int r = 0; r < batch; r++) b.probs.get(r * v, probs, (r * totalSteps + probStep) * v, v);
        }
        int n = state.size();
        state.h().put(0, b.hOut, 0, n);
        state.c().put(0, b.cOut, 0, n);
    }

    private Buffers buffers(int batch, int steps, LstmState state) throws OrtException {
        if (buffers == null || buffers.batch != batch || buffers.steps != steps || buffers.state != state) {
            if (buffers != null) buffers.close();
            buffers = new Buffers(env, batch, steps, vocabulary, state);
        }
        return buffers;
    }

    /** Tensors over direct buffers for one (batch, steps, state): made once, reused for every call of that shape. */
    private static final class Buffers implements AutoCloseable {
        final int batch;
        final int steps;
        final LstmState state;
        final LongBuffer tokens;
        final FloatBuffer probs;
        final FloatBuffer hOut;
        final FloatBuffer cOut;
        final Map<String, OnnxTensor> inputs = new HashMap<>();
        final Map<String, OnnxTensor> outputs = new HashMap<>();

        Buffers(OrtEnvironment env, int batch, int steps, int vocabulary, LstmState state) throws OrtException {
            this.batch = batch;
            this.steps = steps;
            this.state = state;
            this.tokens = ByteBuffer.allocateDirect(batch * steps * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
            this.probs = floats(batch * steps * vocabulary);
            this.hOut = floats(state.size());
            this.cOut = floats(state.size());
            long[] stateShape = {state.layers(), batch, state.hidden()};
            try {
                inputs.put(TOKENS, OnnxTensor.createTensor(env, tokens, new long[] {batch, steps}));
                inputs.put(H, OnnxTensor.createTensor(env, state.h(), stateShape));
                inputs.put(C, OnnxTensor.createTensor(env, state.c(), stateShape));
                outputs.put(PROBS, OnnxTensor.createTensor(env, probs, new long[] {batch, steps, vocabulary}));
                outputs.put(H_OUT, OnnxTensor.createTensor(env, hOut, stateShape));
                outputs.put(C_OUT, OnnxTensor.createTensor(env, cOut, stateShape));
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private static FloatBuffer floats(int n) {
            return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            inputs.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
            inputs.clear();
            outputs.clear();
        }
    }

    @Override
    public void close() {
        if (buffers != null) buffers.close();
        buffers = null;
        closeQuietly(session);
    }
}
