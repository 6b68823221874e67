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
 * The matrix multiply of ONNX Runtime itself (its MLAS kernels), measured on a one-node MatMul graph built in
 * memory: the ceiling the LSTM's own matrix products run against.
 */
final class OrtMatmulProbe {
    private OrtMatmulProbe() {
    }

    static double measure(int n, int repeat, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(model(n), options);
                 OnnxTensor a = OnnxTensor.createTensor(env, random(n * n, 1), new long[] {n, n});
                 OnnxTensor b = OnnxTensor.createTensor(env, random(n * n, 2), new long[] {n, n})) {
                Map<String, OnnxTensor> inputs = Map.of("a", a, "b", b);
                for (int i = 0; i < 3; i++) session.run(inputs).close();
                double[] rates = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long t = System.nanoTime();
                    session.run(inputs).close();
                    rates[r] = 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9);
                }
                Arrays.sort(rates);
                return StepTiming.median(rates);
            }
        }
    }

    private static FloatBuffer random(int count, long seed) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) buffer.put(i, (float) random.nextDouble());
        return buffer;
    }

    private static byte[] model(int n) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("matmul");
        for (String name : new String[] {"a", "b"}) graph.addInput(square(name, n));
        graph.addOutput(square("c", n));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("MatMul").addInput("a").addInput("b").addOutput("c"));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("cadenza-bench")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build().toByteArray();
    }

    private static Onnx.ValueInfoProto square(String name, int n) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int i = 0; i < 2; i++) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(n));
        Onnx.TypeProto.Tensor.Builder tensor = Onnx.TypeProto.Tensor.newBuilder()
                .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(shape);
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
