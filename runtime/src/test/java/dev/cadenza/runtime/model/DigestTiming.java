package dev.cadenza.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * What the weights digest costs (a measurement, not a test; docs/export.md quotes it):
 * {@code java -cp CLASSPATH dev.cadenza.runtime.model.DigestTiming warm models/default.onnx 21} times the scan and
 * the digest in a warm JVM; {@code ... cold MODEL} times one {@link OnnxStepModel#open} in a fresh JVM (run it for a
 * model with and one without a digest, alternately).
 */
public final class DigestTiming {
    private DigestTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[1]);
        if (args[0].equals("cold")) {
            long t0 = System.nanoTime();
            try (OnnxStepModel m = OnnxStepModel.open(model, OnnxOptions.of(Device.CPU, 0))) {
                System.out.printf("%s %.1f%n", m.digest(), (System.nanoTime() - t0) / 1e6);
            }
            return;
        }
        int n = Integer.parseInt(args[2]);
        double[] scan = new double[n];
        double[] digest = new double[n];
        for (int i = 0; i < n; i++) {
            byte[] bytes = Files.readAllBytes(model);
            long t0 = System.nanoTime();
            OnnxBytes parsed = OnnxBytes.parse(bytes);
            long t1 = System.nanoTime();
            ModelDigest.of(parsed);
            long t2 = System.nanoTime();
            scan[i] = (t1 - t0) / 1e6;
            digest[i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(scan);
        Arrays.sort(digest);
        System.out.printf("median of %d: protobuf scan %.2f ms, SHA-256 of the graph %.2f ms%n", n, scan[n / 2], digest[n / 2]);
    }
}
