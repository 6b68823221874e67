package dev.cadenza.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * Compares a quantised file with the float file it was made from, both in ONNX Runtime, on validation windows run
 * as one batch from zero states: the float file on whole windows is the reference; the quantised one runs on whole
 * windows (how a primer is fed) and one token at a time with carried states (how generation runs). ONNX Runtime
 * quantises activations per call, so the two ways differ slightly and both must pass.
 */
public final class QualityCheck {
    /** |NLL(int8) / NLL(fp32) - 1| at most this. */
    public static final double MAX_RELATIVE_NLL = 0.01;
    /** Share of steps with the same most likely next token, at least this. */
    public static final double MIN_TOP_ONE_AGREEMENT = 0.98;

    static final String WHOLE = "int8 whole window";
    static final String STEPWISE = "int8 one step at a time";

    private QualityCheck() {
    }

    /** The thresholds a quantised file must meet; the defaults are the project's. */
    public record Thresholds(double maxRelativeNll, double minTopOneAgreement) {
        public static final Thresholds DEFAULT = new Thresholds(MAX_RELATIVE_NLL, MIN_TOP_ONE_AGREEMENT);
    }

    /** Both files through the runtime's own backend, as generate loads them. */
    private static final OnnxOptions ORT_CPU = OnnxOptions.of(Device.CPU, 1);

    static QualityReport run(Path floatFile, Path quantisedFile, List<int[]> windows, Thresholds limits) throws ModelFileException {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to check quality on");
        int batch = windows.size();
        int steps = windows.get(0).length;
        long[] tokens = new long[batch * steps];
        for (int b = 0; b < batch; b++) {
            if (windows.get(b).length != steps) throw new IllegalArgumentException("windows differ in length");
            for (int t = 0; t < steps; t++) tokens[b * steps + t] = windows.get(b)[t];
        }
        float[] reference;
        try (OnnxStepModel ort = OnnxStepModel.open(floatFile, ORT_CPU)) {
            reference = new float[batch * steps * ort.vocabularySize()];
            ort.run(tokens, steps, ort.newState(batch), reference);
        }
        float[] whole;
        float[] stepwise;
        try (OnnxStepModel ort = OnnxStepModel.open(quantisedFile, ORT_CPU)) {
            whole = new float[reference.length];
            ort.run(tokens, steps, ort.newState(batch), whole);
            stepwise = ParityCheck.stepwise(ort, tokens, batch, steps);
        }
        List<QualityReport.Row> rows = new ArrayList<>();
        rows.add(compare(WHOLE, reference, whole, tokens, batch, steps));
        rows.add(compare(STEPWISE, reference, stepwise, tokens, batch, steps));
        return new QualityReport(batch, steps, limits.maxRelativeNll(), limits.minTopOneAgreement(), rows);
    }

    /** NLL of the real next token (steps 0..steps-2 of each window) and argmax agreement over every step. */
    static QualityReport.Row compare(String how, float[] reference, float[] candidate, long[] tokens, int batch, int steps) {
        int vocab = reference.length / (batch * steps);
        double nllRef = 0;
        double nll = 0;
        long predicted = 0;
        long same = 0;
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int at = (b * steps + s) * vocab;
                if (argmax(reference, at, vocab) == argmax(candidate, at, vocab)) same++;
                if (s + 1 < steps) {
                    int next = (int) tokens[b * steps + s + 1];
                    nllRef -= Math.log(reference[at + next]);
                    nll -= Math.log(candidate[at + next]);
                    predicted++;
                }
            }
        }
        return new QualityReport.Row(how, nllRef / predicted, nll / predicted, (double) same / ((long) batch * steps), predicted);
    }

    private static int argmax(float[] p, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) if (p[from + i] > p[from + best]) best = i;
        return best;
    }
}
