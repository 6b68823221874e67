package dev.cadenza.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.app.ProgressBars;
import dev.cadenza.app.UserError;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.exporter.ExportException;
import dev.cadenza.exporter.ModelExporter;
import dev.cadenza.exporter.ParityReport;
import dev.cadenza.exporter.Variant;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.runtime.model.TrainingSummary;
import dev.cadenza.trainer.Checkpoint;
import dev.cadenza.trainer.RunFolder;
import dev.cadenza.trainer.RunState;
import dev.cadenza.trainer.TrainingSettings;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Export a trained run as one parity-checked ONNX file.",
        description = {"Write a trained run's network as one self-contained ONNX file (weights, vocabulary, encoding "
                + "and training facts inside), after proving on validation windows that ONNX Runtime computes the "
                + "same probabilities as the trained DL4J network (max difference 1e-4; a second or two). "
                + "--check samediff also proves the portable file in SameDiff (most of a minute; only needed for "
                + "'bench --backends samediff').",
                "--variant int8 writes NAME.int8.onnx: weights quantised to int8 for ONNX Runtime, checked against the "
                        + "float model on the validation windows (NLL per token within 1 %%, same most likely next token "
                        + "at >= 98 %% of steps). RUN_DIR may also be an exported model (models/NAME.onnx): then only "
                        + "the int8 file is made, from that model's weights and its recorded validation pieces.",
                "Nothing is written if a check fails."})
final class ExportCommand implements Callable<Integer> {
    /** Tokens per parity window: long enough to carry state through many steps, short enough for SameDiff. */
    static final int WINDOW_STEPS = 32;
    static final double DEFAULT_TEMPO = 120.0;

    @Parameters(paramLabel = "RUN_DIR", description = "A training run folder made by 'cadenza train' (runs/NAME), or, "
            + "with --variant int8, an exported model (models/NAME.onnx) to quantise.")
    Path runDir;

    @Option(names = "--checkpoint", defaultValue = "best", paramLabel = "best|last",
            description = "Which saved network to export: best (lowest validation loss, default) or last (the latest epoch).")
    Checkpoint which;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to write the model (default: beside the run folder, e.g. runs/mine -> runs/mine.onnx). With --variant both, the "
                    + "portable file goes next to it as NAME.portable.onnx.")
    Path outFile;

    @Option(names = "--variant", defaultValue = "lstm", paramLabel = "lstm|portable|int8|both",
            description = "lstm (default): uses ONNX's LSTM operator, any number of steps per call; what 'generate' "
                    + "uses. portable: the LSTM cell in basic operators, one step per call, for runtimes without the "
                    + "LSTM operator (SameDiff). int8: the lstm graph with int8 weights (NAME.int8.onnx; smaller, "
                    + "faster on CPUs with int8 instructions). both: all three files.")
    Variant v;

    @Option(names = "--corpus", defaultValue = "midi_songs", paramLabel = "DIR",
            description = "When quantising an exported model: the corpus it was trained on, where its validation "
                    + "pieces are read from (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--windows", defaultValue = "8", paramLabel = "K",
            description = "Number of validation windows (of " + WINDOW_STEPS + " tokens) the parity check compares (default 8).")
    int windows;

    /** Checks beyond the ONNX Runtime parity that always runs. */
    enum ExtraCheck { SAMEDIFF }

    @Option(names = "--check", split = ",", paramLabel = "samediff",
            description = "Extra checks: samediff also imports the portable graph into SameDiff and compares its "
                    + "probabilities (slow: most of a minute; the tests run it). Off by default.")
    java.util.Set<ExtraCheck> checks = java.util.EnumSet.noneOf(ExtraCheck.class);

    @Option(names = "--force", description = "Replace existing model files (otherwise an existing file is kept and the export stops).")
    boolean force;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (windows < 1) throw new UserError("--windows must be at least 1");
        if (java.nio.file.Files.isRegularFile(runDir)) return quantiseModel(out);

        RunFolder run = RunFolder.open(runDir);
        Vocabulary vocabulary = run.vocabulary();
        if (vocabulary.encodingVersion() != vocabulary.encoding().version()) {
            throw new UserError(runDir + ": trained with " + vocabulary.encodingName() + " encoding version "
                    + vocabulary.encodingVersion() + ", this Cadenza has version " + vocabulary.encoding().version()
                    + "; retrain the run");
        }
        if (!run.hasCheckpoint(which)) {
            throw new UserError(runDir + ": no " + RunFolder.CHECKPOINTS + "/" + which.fileName() + " (has the run finished an epoch?)");
        }
        // Beside the run folder (runs/mine -> runs/mine.onnx): the model stays with the run it came from.
        Path runPath = runDir.toAbsolutePath().normalize();
        Path target = outFile != null ? outFile : runPath.resolveSibling(runPath.getFileName() + ".onnx");
        if (v == Variant.INT8 && outFile == null) target = ModelExporter.int8Sibling(target);
        Path targetDir = target.toAbsolutePath().getParent();
        for (Path left : dev.cadenza.runtime.io.AtomicFiles.removeStale(targetDir, java.time.Duration.ofMinutes(1))) {
            err.println("note: removed " + left + ", a temporary file a killed cadenza run left behind");
        }
        // Refuse before the slow part (loading, building, checking); the exporter checks again before writing.
        for (Path file : ModelExporter.targets(target, v).values()) {
            if (java.nio.file.Files.exists(file) && !force) throw new UserError(file + ": already exists (use --force to replace it)");
        }
        // One stage per part that takes a second or more, each named beside the bar as it starts.
        try (ProgressBars.Stages bar = ProgressBars.stages("export", 1 + ModelExporter.stageCount(request(null, null, target, List.of())))) {
            bar.begin("loading " + which.fileName());
            return exportRun(run, vocabulary, target, bar, out, err);
        }
    }

    private Integer exportRun(RunFolder run, Vocabulary vocabulary, Path target, ProgressBars.Stages bar, PrintWriter out,
                              PrintWriter err) throws Exception {
        MultiLayerNetwork network;
        try {
            network = run.loadNetwork(which);
        } catch (IOException e) {
            // a damaged zip surfaces as a bare ZipException message; name the checkpoint file
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new UserError(problem.contains(which.fileName()) ? problem
                    : run.checkpointFile(which) + ": not a loadable DL4J checkpoint (" + problem + ")", e);
        }
        TrainingSettings settings = run.settings();
        ModelMetadata metadata = new ModelMetadata(ModelVariant.LSTM, vocabulary, settings.embedding(),
                settings.layers(), settings.hidden(), settings.dense(), DEFAULT_TEMPO, trainingSummary(run, which),
                compact(run.corpusFingerprintJson()));
        List<int[]> parityWindows = parityWindows(run);

        ModelExporter.Result result;
        try {
            ModelExporter.Request request = request(network, metadata, target, parityWindows)
                    .withQuantisation(ModelExporter.Quantisation.standard(qualityWindows(run.validationStreams())));
            result = ModelExporter.export(request, stage -> {
                bar.done();
                bar.begin(stage);
            });
            bar.done();
        } catch (ModelExporter.ParityException e) {
            err.print(e.report().table());
            throw new UserError(target + ": " + e.getMessage(), e);
        } catch (ModelExporter.QualityException e) {
            err.print(e.report().table());
            throw new UserError(ModelExporter.int8Sibling(target) + ": " + e.getMessage(), e);
        } catch (ExportException e) {
            throw new UserError(e.getMessage(), e);
        }
        print(result, vocabulary, out);
        if (which == Checkpoint.BEST && run.hasState()) {
            RunState state = run.state();
            BaselineWarning.of(state.bestValLoss(), state.ngramValLoss(), "its validation loss").ifPresent(err::println);
        }
        return 0;
    }

    private ModelExporter.Request request(MultiLayerNetwork network, ModelMetadata metadata, Path target, List<int[]> parity) {
        ModelExporter.Request request = new ModelExporter.Request(network, metadata, target, v, parity, force);
        return checks.contains(ExtraCheck.SAMEDIFF) ? request.withSameDiff() : request;
    }

    /** Quality windows: every whole window of {@link #WINDOW_STEPS} tokens of the validation pieces, up to a limit. */
    static List<int[]> qualityWindows(List<int[]> streams) {
        List<int[]> out = new java.util.ArrayList<>();
        for (int[] ids : streams) {
            for (int start = 0; start + WINDOW_STEPS <= ids.length && out.size() < MAX_QUALITY_WINDOWS; start += WINDOW_STEPS) {
                out.add(java.util.Arrays.copyOfRange(ids, start, start + WINDOW_STEPS));
            }
        }
        return out;
    }

    /** Enough for agreement to be measured to a tenth of a percent, few enough to take seconds. */
    static final int MAX_QUALITY_WINDOWS = 512;

    /** RUN_DIR is a model file: make its int8 sibling from its own weights, judged on its recorded validation pieces. */
    private Integer quantiseModel(PrintWriter out) throws IOException {
        if (v != Variant.INT8) {
            throw new UserError(runDir + ": is a file; only --variant int8 works from an exported model (the others need the run folder)");
        }
        ModelMetadata meta;
        try {
            meta = dev.cadenza.exporter.ModelFileCheck.check(dev.cadenza.exporter.OnnxModelFile.read(runDir));
        } catch (dev.cadenza.runtime.model.ModelFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        List<String> validation = meta.training().validationPieces();
        if (validation.isEmpty()) throw new UserError(runDir + ": records no validation pieces to check the int8 model on");
        Path corpusDir = EvaluateCommand.resolveCorpus(corpus);
        dev.cadenza.runtime.corpus.Corpus reference = new dev.cadenza.runtime.corpus.CorpusReader(
                dev.cadenza.runtime.midi.MidiReader.forEncoding(meta.encoding())).read(corpusDir);
        List<int[]> streams = new java.util.ArrayList<>();
        java.util.Set<String> wanted = new java.util.HashSet<>(validation);
        for (dev.cadenza.runtime.corpus.Corpus.Entry e : reference.pieces()) {
            if (wanted.remove(e.name())) streams.add(meta.vocabulary().ids(meta.encoding().encode(e.piece())));
        }
        if (!wanted.isEmpty()) {
            throw new UserError("validation piece(s) " + String.join(", ", wanted) + " not found in " + corpusDir
                    + " (pass the corpus the model was trained on with --corpus)");
        }
        List<int[]> quality = qualityWindows(streams);
        if (quality.isEmpty()) throw new UserError(runDir + ": its validation pieces are shorter than " + WINDOW_STEPS + " tokens");
        Path target = outFile != null ? outFile : ModelExporter.int8Sibling(runDir);
        ModelExporter.Result result;
        try (ProgressBars.Stages bar = ProgressBars.stages("export", 1)) {
            bar.begin("int8 quantisation and quality check");
            result = ModelExporter.quantise(runDir, target, ModelExporter.Quantisation.standard(quality), force);
            bar.done();
        } catch (ModelExporter.QualityException e) {
            spec.commandLine().getErr().print(e.report().table());
            throw new UserError(target + ": " + e.getMessage(), e);
        } catch (ExportException e) {
            throw new UserError(e.getMessage(), e);
        }
        print(result, meta.vocabulary(), out);
        TrainingSummary trained = meta.training();
        if (trained.validationLoss() != null && trained.ngramValidationLoss() != null) {
            BaselineWarning.of(trained.validationLoss(), trained.ngramValidationLoss(), "its validation loss")
                    .ifPresent(spec.commandLine().getErr()::println);
        }
        return 0;
    }

    private void print(ModelExporter.Result result, Vocabulary vocabulary, PrintWriter out) throws IOException {
        if (json.requested()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("run", runDir.toString());
            report.put("checkpoint", java.nio.file.Files.isRegularFile(runDir) ? null : which.name().toLowerCase());
            Map<String, Object> files = new LinkedHashMap<>();
            result.files().forEach((variantName, path) -> files.put(variantName,
                    Map.of("path", path.toString(), "bytes", result.sizes().get(variantName))));
            report.put("files", files);
            report.put("parameters", result.parameters());
            if (result.parity() != null) report.put("parity", parityJson(result.parity()));
            if (result.quality() != null) report.put("int8_quality", qualityJson(result.quality()));
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            if (result.parity() != null) out.print(result.parity().table());
            if (result.quality() != null) out.print(result.quality().table());
            result.files().forEach((variantName, path) -> out.printf("wrote %s (%s variant, %,d bytes)%n", path, variantName,
                    result.sizes().get(variantName)));
            out.printf("parameters %,d; vocabulary %d tokens (%s encoding)%n", result.parameters(), vocabulary.size(),
                    vocabulary.encodingName());
        }
    }

    /** Validation windows of {@link #WINDOW_STEPS} tokens, or shorter ones when the validation pieces are short. */
    private List<int[]> parityWindows(RunFolder run) {
        List<int[]> w = run.validationWindows(windows, WINDOW_STEPS);
        if (w.isEmpty()) {
            int shortest = run.validationStreams().stream().mapToInt(s -> s.length).min().orElse(0);
            if (shortest >= 2) w = run.validationWindows(windows, shortest);
        }
        if (w.isEmpty()) throw new UserError(runDir + ": no validation tokens to check parity on (validation.json is empty)");
        return w;
    }

    private static String trainingSummary(RunFolder run, Checkpoint which) throws IOException {
        String name = run.dir().toAbsolutePath().normalize().getFileName().toString();
        String checkpoint = which.name().toLowerCase();
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = new ObjectMapper().convertValue(run.settings(), Map.class);
        TrainingSummary.Split split = new TrainingSummary.Split(run.split().train(), run.split().validation());
        if (!run.hasState()) {
            return new TrainingSummary(name, checkpoint, null, null, null, null, null, null, null, settings, split).toJson();
        }
        RunState s = run.state();
        return new TrainingSummary(name, checkpoint, s.epochsDone(), s.bestEpoch(), finite(s.bestValLoss()),
                finite(s.ngramValLoss()), s.stopReason(), Math.round(s.trainSeconds()), s.dl4jVersion(), settings, split)
                .toJson();
    }

    /** JSON has no NaN: an unknown loss is written as null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String compact(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode node = mapper.readTree(json);
        return mapper.writeValueAsString(node);
    }

    private static Map<String, Object> qualityJson(dev.cadenza.exporter.QualityReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", r.windows());
        m.put("steps", r.steps());
        m.put("max_relative_nll", r.maxRelativeNll());
        m.put("min_top1_agreement", r.minTopOneAgreement());
        m.put("passed", r.passed());
        m.put("rows", r.rows().stream().map(row -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("how", row.how());
            x.put("nll_fp32", row.nllReference());
            x.put("nll_int8", row.nll());
            x.put("relative_nll", row.relativeNll());
            x.put("top1_agreement", row.agreement());
            x.put("tokens", row.tokens());
            return x;
        }).toList());
        return m;
    }

    private static Map<String, Object> parityJson(ParityReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", r.windows());
        m.put("steps", r.steps());
        m.put("tolerance", r.tolerance());
        m.put("passed", r.passed());
        m.put("pairs", r.pairs().stream().map(p -> Map.of("left", p.left(), "right", p.right(),
                "max_abs_difference", p.maxAbsDifference())).toList());
        m.put("seconds", r.seconds());
        return m;
    }
}
