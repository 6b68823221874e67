package dev.cadenza.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Proves that exported files compute what the trained network computes: DL4J {@code output()} on whole windows is
 * the reference; ONNX Runtime runs the {@code lstm} file on whole windows and one token at a time with carried
 * states, and the {@code portable} file one token at a time. On request SameDiff also imports the portable file and
 * runs it one token at a time: that takes most of a minute (the importer alone starts in 8-10 s) for a backend
 * {@code generate} never uses, so it is opt-in ({@code export --check samediff}; the build's tests turn it on).
 * Every pair must agree within the tolerance.
 */
public final class ParityCheck {
    public static final double TOLERANCE = 1e-4;
    private static final OnnxOptions ORT_CPU = OnnxOptions.of(Device.CPU, 1);

    static final String DL4J = "DL4J output()";
    static final String ORT_WHOLE = "ORT lstm, whole window";
    static final String ORT_STEPWISE = "ORT lstm, one step at a time";
    static final String ORT_PORTABLE = "ORT portable, one step";
    static final String SAMEDIFF = "SameDiff portable, one step";

    private ParityCheck() {
    }

    /**
     * @param windows token windows, all of the same length; they are run as one batch
     * @param lstmFile     an exported lstm-variant file
     * @param portableFile an exported portable-variant file (the SameDiff side needs it)
     */
    public static ParityReport run(MultiLayerNetwork network, ModelMetadata metadata, List<int[]> windows, Path lstmFile,
                                   Path portableFile) throws ModelFileException {
        return run(network, metadata, windows, lstmFile, portableFile, true, stage -> { });
    }

    /**
     * As above; {@code sameDiff} adds the SameDiff side, and {@code stages} hears the name of each part as it starts
     * (for a progress bar: the parts take seconds each, SameDiff's tens of seconds).
     */
    public static ParityReport run(MultiLayerNetwork network, ModelMetadata metadata, List<int[]> windows, Path lstmFile,
                                   Path portableFile, boolean sameDiff, Consumer<String> stages) throws ModelFileException {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to check parity on");
        int batch = windows.size();
        int steps = windows.get(0).length;
        long[] tokens = new long[batch * steps];
        for (int b = 0; b < batch; b++) {
            if (windows.get(b).length != steps) throw new IllegalArgumentException("windows differ in length");
            for (int t = 0; t < steps; t++) tokens[b * steps + t] = windows.get(b)[t];
        }
        int layers = metadata.layers();
        int hidden = metadata.hidden();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        stages.accept("parity: DL4J");
        float[] dl4j = Dl4jProbs.whole(network, tokens, batch, steps);
        t = lap(seconds, "DL4J", t);
        float[] ortWhole;
        float[] ortStepwise;
        float[] ortPortable;
        // The runtime's own backend, loaded as generate loads it: the files must pass its checks too.
        stages.accept("parity: ONNX Runtime");
        try (OnnxStepModel ort = OnnxStepModel.open(lstmFile, ORT_CPU)) {
            ortWhole = new float[dl4j.length];
            ort.run(tokens, steps, ort.newState(batch), ortWhole);
            ortStepwise = stepwise(ort, tokens, batch, steps);
        }
        try (OnnxStepModel ort = OnnxStepModel.open(portableFile, ORT_CPU)) {
            ortPortable = stepwise(ort, tokens, batch, steps);
        }
        t = lap(seconds, "ORT", t);
        List<ParityReport.Pair> pairs = new ArrayList<>();
        pairs.add(new ParityReport.Pair(DL4J, ORT_WHOLE, maxAbsDifference(dl4j, ortWhole)));
        pairs.add(new ParityReport.Pair(ORT_WHOLE, ORT_STEPWISE, maxAbsDifference(ortWhole, ortStepwise)));
        pairs.add(new ParityReport.Pair(DL4J, ORT_PORTABLE, maxAbsDifference(dl4j, ortPortable)));
        if (sameDiff) {
            float[] sd = new float[dl4j.length];
            stages.accept("parity: SameDiff import");
            try (SameDiffStepModel model = SameDiffStepModel.load(portableFile, metadata.withVariant(ModelVariant.PORTABLE))) {
                t = lap(seconds, "SameDiff import", t);
                stages.accept("parity: SameDiff run");
                model.run(tokens, steps, new LstmState(layers, batch, hidden), sd);
                lap(seconds, "SameDiff run", t);
            }
            pairs.add(new ParityReport.Pair(DL4J, SAMEDIFF, maxAbsDifference(dl4j, sd)));
            pairs.add(new ParityReport.Pair(ORT_WHOLE, SAMEDIFF, maxAbsDifference(ortWhole, sd)));
        }
        return new ParityReport(batch, steps, TOLERANCE, pairs, seconds);
    }

    private static long lap(Map<String, Double> seconds, String what, long since) {
        long now = System.nanoTime();
        seconds.put(what, (now - since) / 1e9);
        return now;
    }

    /** How many stages {@link #run} reports, for a bar's total. */
    public static int stageCount(boolean sameDiff) {
        return sameDiff ? 4 : 2;
    }

    /** Feeds the window one token per call, the state carried from call to call. */
    static float[] stepwise(OnnxStepModel ort, long[] tokens, int batch, int steps) {
        int vocab = ort.vocabularySize();
        float[] all = new float[batch * steps * vocab];
        float[] probs = new float[batch * vocab];
        ModelState state = ort.newState(batch);
        long[] column = new long[batch];
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) column[b] = tokens[b * steps + s];
            ort.run(column, 1, state, probs);
            for (int b = 0; b < batch; b++) System.arraycopy(probs, b * vocab, all, (b * steps + s) * vocab, vocab);
        }
        return all;
    }

    static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) return Double.NaN;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) return Double.NaN;
            max = Math.max(max, d);
        }
        return max;
    }
}
