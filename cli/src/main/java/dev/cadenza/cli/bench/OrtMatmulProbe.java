package dev.cadenza.cli.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import onnx.Onnx;

/**
 * The matrix multiply of ONNX Runtime itself (its MLAS kernels), measured on a one-node graph built in memory: the
 * ceiling the LSTM's own matrix products run against. Float ({@code MatMul}) for the float models; 8-bit
 * ({@code MatMulInteger}, uint8 x int8 as the int8 model's quantised products) for the int8 one, whose VNNI dot
 * products do several multiply-adds where a float FMA does one: against the float ceiling it reads above 100 %.
 * The best of the repetitions, not their median: a ceiling is what the machine can do, and a busy machine only ever
 * makes a repetition slower.
 */
final class OrtMatmulProbe {
    private OrtMatmulProbe() {
    }

    static double measure(int n, int repeat, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor a = OnnxTensor.createTensor(env, random(n * n, 1), new long[] {n, n});
             OnnxTensor b = OnnxTensor.createTensor(env, random(n * n, 2), new long[] {n, n})) {
            return best(env, model(n, "MatMul", Onnx.TensorProto.DataType.FLOAT, Onnx.TensorProto.DataType.FLOAT,
                    Onnx.TensorProto.DataType.FLOAT), a, b, n, repeat, threads);
        }
    }

    /** Multiply-adds per second (counted twice, as for floats) of an 8-bit product, uint8 x int8 -> int32. */
    static double measureInt8(int n, int repeat, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor a = OnnxTensor.createTensor(env, bytes(n * n, 1), new long[] {n, n}, ai.onnxruntime.OnnxJavaType.UINT8);
             OnnxTensor b = OnnxTensor.createTensor(env, bytes(n * n, 2), new long[] {n, n}, ai.onnxruntime.OnnxJavaType.INT8)) {
            return best(env, model(n, "MatMulInteger", Onnx.TensorProto.DataType.UINT8, Onnx.TensorProto.DataType.INT8,
                    Onnx.TensorProto.DataType.INT32), a, b, n, repeat, threads);
        }
    }

    private static double best(OrtEnvironment env, byte[] model, OnnxTensor a, OnnxTensor b, int n, int repeat, int threads)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(model, options)) {
                Map<String, OnnxTensor> inputs = Map.of("a", a, "b", b);
                for (int i = 0; i < 3; i++) session.run(inputs).close();
                double[] rates = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long t = System.nanoTime();
                    session.run(inputs).close();
                    rates[r] = 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9);
                }
                return Arrays.stream(rates).max().orElseThrow();
            }
        }
    }

    private static ByteBuffer bytes(int count, long seed) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(count).order(ByteOrder.nativeOrder());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) buffer.put(i, (byte) random.nextInt(0, 128));
        return buffer;
    }

    private static FloatBuffer random(int count, long seed) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) buffer.put(i, (float) random.nextDouble());
        return buffer;
    }

    private static byte[] model(int n, String op, Onnx.TensorProto.DataType a, Onnx.TensorProto.DataType b,
                                Onnx.TensorProto.DataType c) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("matmul");
        graph.addInput(square("a", n, a));
        graph.addInput(square("b", n, b));
        graph.addOutput(square("c", n, c));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType(op).addInput("a").addInput("b").addOutput("c"));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("cadenza-bench")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build().toByteArray();
    }

    private static Onnx.ValueInfoProto square(String name, int n, Onnx.TensorProto.DataType type) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int i = 0; i < 2; i++) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(n));
        Onnx.TypeProto.Tensor.Builder tensor = Onnx.TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber()).setShape(shape);
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
