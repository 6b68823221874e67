package dev.cadenza.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.model.ModelMetadata;

/** The benchmark's findings, as a Markdown table for people and JSON for tools. */
record BenchReport(Map<String, Object> machine, Map<String, Object> settings, ModelMetadata model, long flopsPerToken,
                   double machineFlops, double int8Flops, List<BackendRun> runs, Map<String, Object> windowed) {

    /** Against the float ceiling, or for the int8 backend the 8-bit one: each backend against its own arithmetic. */
    double rooflinePercent(String backend, double tokensPerSecond) {
        double ceiling = backend.endsWith("int8") ? int8Flops : machineFlops;
        return 100.0 * tokensPerSecond * flopsPerToken / ceiling;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Machine: %s, %s cores, %s GiB; Java %s; ONNX Runtime %s; DL4J %s; load average %.2f%n",
                machine.get("cpu"), machine.get("cores"), machine.get("memoryGiB"), machine.get("java"),
                machine.get("onnxruntime"), machine.get("dl4j"), (Double) machine.get("loadAverage")));
        s.append(String.format("Model: %d x LSTM %d, embedding %d, dense %d, vocabulary %d: %.2f MFLOP per token. "
                        + "Matrix multiply here (2048 x 2048, best of 7): %.1f GFLOP/s with "
                        + "ONNX Runtime, %.1f with ND4J/OpenBLAS; the float roofline is the larger. The int8 backend's "
                        + "roofline is ONNX Runtime's 8-bit product: %.1f GOP/s.%n",
                model.layers(), model.hidden(), model.embedding(), model.dense(), model.vocabulary().size(),
                flopsPerToken / 1e6, (Double) machine.get("matmulGflopsOnnxRuntime"), (Double) machine.get("matmulGflopsNd4j"),
                int8Flops / 1e9));
        s.append(String.format("Settings: %s%n%n", settings));
        s.append("| backend | batch | tokens/s | p50 step (us) | p99 step (us) | % of roofline | heap bytes/step | first token (ms) | peak heap (MiB) | RSS (MiB) |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> reasons = new ArrayList<>();
        for (BackendRun run : runs) {
            if (!run.available()) {
                // the reason (an ONNX Runtime error can run to several lines) goes under the table, not into it
                reasons.add(String.format("%d. %s: %s", reasons.size() + 1, run.name(), run.unavailable().strip().replaceAll("\\s*\\n\\s*", " ")));
                s.append(String.format("| %s | - | unavailable (%d, below) | | | | | | | |%n", run.name(), reasons.size()));
                continue;
            }
            for (StepTiming.Result r : run.results()) {
                s.append(String.format("| %s | %d | %,.0f | %,.0f | %,.0f | %.1f%% | %,d | %,.0f | %,.0f | %,.0f |%n", run.name(), r.batch(),
                        r.tokensPerSecond(), r.p50Micros(), r.p99Micros(), rooflinePercent(run.name(), r.tokensPerSecond()), r.bytesPerStep(),
                        run.timeToFirstTokenMs(), run.peakHeapMiB(), run.rssMiB()));
            }
        }
        s.append('\n');
        if (!reasons.isEmpty()) {
            s.append("Unavailable:\n");
            reasons.forEach(r -> s.append(r).append('\n'));
            s.append('\n');
        }
        if (windowed != null) {
            s.append(String.format("Tutorial's windowed scheme (window %s): %,.0f tokens/s (p50 %,.0f us per token) vs stateful %,.0f tokens/s "
                            + "(p50 %,.0f us per step).%n", windowed.get("window"), (Double) windowed.get("windowedTokensPerSecond"),
                    (Double) windowed.get("windowedP50Micros"), (Double) windowed.get("statefulTokensPerSecond"),
                    (Double) windowed.get("statefulP50Micros")));
            if (windowed.get("loopLAZYTokensPerSecond") != null) {
                s.append(String.format("Whole generation loop (sampling included), %s pieces: %,.0f tokens/s shrinking the batch "
                                + "eagerly, %,.0f lazily (the default), %,.0f masking finished pieces.%n", windowed.get("loopPieces"),
                        (Double) windowed.get("loopEAGERTokensPerSecond"), (Double) windowed.get("loopLAZYTokensPerSecond"),
                        (Double) windowed.get("loopNEVERTokensPerSecond")));
            }
            s.append('\n');
        }
        for (Map.Entry<String, Double> e : ratios().entrySet()) {
            s.append(String.format("- %s: %.1fx%n", e.getKey(), e.getValue()));
        }
        return s.toString();
    }

    /** The comparisons the targets are stated in, all measured in this one run. */
    Map<String, Double> ratios() {
        Map<String, Double> r = new LinkedHashMap<>();
        if (windowed != null) {
            r.put("stateful vs windowed (window " + windowed.get("window") + "), ort-cpu, batch 1", (Double) windowed.get("ratio"));
            if (windowed.get("loopLAZYTokensPerSecond") != null) {
                r.put("generation loop at batch " + windowed.get("loopPieces") + ", lazy shrink vs masking",
                        (Double) windowed.get("loopLAZYTokensPerSecond") / (Double) windowed.get("loopNEVERTokensPerSecond"));
                r.put("generation loop at batch " + windowed.get("loopPieces") + ", eager shrink vs masking",
                        (Double) windowed.get("loopEAGERTokensPerSecond") / (Double) windowed.get("loopNEVERTokensPerSecond"));
            }
        }
        BackendRun ort = find("ort-cpu");
        BackendRun dl4j = find("dl4j");
        BackendRun sd = find("samediff");
        if (ort != null && ort.at(1) != null) {
            if (dl4j != null && dl4j.at(1) != null) r.put("ort-cpu vs dl4j, batch 1", ort.at(1).tokensPerSecond() / dl4j.at(1).tokensPerSecond());
            if (sd != null && sd.at(1) != null) r.put("ort-cpu vs samediff, batch 1", ort.at(1).tokensPerSecond() / sd.at(1).tokensPerSecond());
            int max = ort.results().stream().mapToInt(StepTiming.Result::batch).max().orElse(1);
            if (max > 1) r.put("ort-cpu batch " + max + " vs batch 1", ort.at(max).tokensPerSecond() / ort.at(1).tokensPerSecond());
        }
        return r;
    }

    private BackendRun find(String name) {
        for (BackendRun run : runs) if (run.name().equals(name) && run.available()) return run;
        return null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("machine", machine);
        j.put("settings", settings);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", model.layers());
        m.put("hidden", model.hidden());
        m.put("embedding", model.embedding());
        m.put("dense", model.dense());
        m.put("vocabulary", model.vocabulary().size());
        m.put("flopsPerToken", flopsPerToken);
        j.put("model", m);
        j.put("matmulGflops", machineFlops / 1e9);
        j.put("matmulInt8Gops", int8Flops / 1e9);
        List<Map<String, Object>> backends = new ArrayList<>();
        for (BackendRun run : runs) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", run.name());
            b.put("available", run.available());
            if (!run.available()) {
                b.put("reason", run.unavailable());
            } else {
                b.put("timeToFirstTokenMs", run.timeToFirstTokenMs());
                b.put("peakHeapMiB", run.peakHeapMiB());
                b.put("rssMiB", run.rssMiB());
                List<Map<String, Object>> rows = new ArrayList<>();
                for (StepTiming.Result r : run.results()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("batch", r.batch());
                    row.put("steps", r.steps());
                    row.put("tokensPerSecond", r.tokensPerSecond());
                    row.put("p50Micros", r.p50Micros());
                    row.put("p99Micros", r.p99Micros());
                    row.put("rooflinePercent", rooflinePercent(run.name(), r.tokensPerSecond()));
                    row.put("heapBytesPerStep", r.bytesPerStep());
                    row.put("runs", r.runs());
                    rows.add(row);
                }
                b.put("results", rows);
            }
            backends.add(b);
        }
        j.put("backends", backends);
        j.put("windowedVsStateful", windowed);
        j.put("ratios", ratios());
        return j;
    }
}
