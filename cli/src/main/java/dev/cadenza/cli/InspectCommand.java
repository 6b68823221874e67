package dev.cadenza.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.app.UserError;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.exporter.ModelFileCheck;
import dev.cadenza.exporter.OnnxModelFile;
import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Show the inputs, outputs, metadata and size of an ONNX model.",
        description = "Show what an exported model holds: inputs and outputs with shapes, vocabulary, encoding, network "
                + "sizes, parameter count, training summary, opset, producer and file size. A file that is not a "
                + "Cadenza model, or whose weights disagree with its metadata, is reported in one line.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "An .onnx file written by 'cadenza export'.")
    Path file;

    @Mixin
    JsonOption json;

    @Option(names = "--add-digest",
            description = "Record the SHA-256 of the weights in a model exported before Cadenza stored one, so that later "
                    + "changes to them are detected on load. Only the metadata grows; the graph's bytes stay as they are. "
                    + "Do this only for a file you trust: it vouches for the weights as they are now.")
    boolean addDigest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OnnxModelFile model;
        ModelMetadata meta;
        ModelDigest.Status digest;
        try {
            model = OnnxModelFile.read(file);
            meta = ModelFileCheck.check(model);
            digest = loadsLikeGenerate();
            if (addDigest) {
                addDigest(model);
                model = OnnxModelFile.read(file);
                meta = ModelFileCheck.check(model);
                digest = loadsLikeGenerate();
            }
        } catch (ModelFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode training = parse(mapper, meta.trainingJson());
        JsonNode corpus = parse(mapper, meta.corpusJson());
        long parameters = ModelFileCheck.parameters(meta);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.toString());
        r.put("bytes", model.size());
        r.put("producer", model.producer());
        r.put("opset", model.opset());
        r.put("variant", meta.variant().id());
        r.put("steps_per_call", meta.stepsPerCall() == 0 ? null : meta.stepsPerCall()); // null: any number
        r.put("inputs", model.inputs().stream().map(Object::toString).toList());
        r.put("outputs", model.outputs().stream().map(Object::toString).toList());
        r.put("encoding", meta.vocabulary().encodingName());
        r.put("encoding_version", meta.vocabulary().encodingVersion());
        r.put("grid", meta.encoding().ticksPerQuarter());
        if (!meta.encoding().options().isEmpty()) r.put("encoding_options", JsonStyle.typed(meta.encoding().options()));
        r.put("tempo_bpm", meta.tempoBpm());
        r.put("vocabulary", meta.vocabulary().size());
        r.put("styles", meta.vocabulary().styles());
        r.put("embedding", meta.embedding());
        r.put("layers", meta.layers());
        r.put("hidden", meta.hidden());
        r.put("dense", meta.dense());
        r.put("parameters", parameters);
        r.put("operators", model.operators());
        r.put("weights_sha256", digest != ModelDigest.Status.ABSENT ? model.metadataProperties().get(ModelDigest.KEY) : null);
        r.put("weights_verified", digest != ModelDigest.Status.ABSENT);
        r.put("metadata_verified", digest == ModelDigest.Status.VERIFIED);
        r.put("training", JsonStyle.snakeCase(training));
        r.put("corpus_files", corpus.path("files").isArray() ? corpus.path("files").size() : null);
        if (json.requested()) {
            out.println(mapper.writeValueAsString(r));
            return 0;
        }
        out.printf("file         %s (%,d bytes)%n", file, model.size());
        out.printf("producer     %s, opset %d%n", model.producer(), model.opset());
        out.printf("variant      %s (%s steps per call)%n", meta.variant(), meta.stepsPerCall() == 0 ? "any" : meta.stepsPerCall());
        for (OnnxModelFile.Port p : model.inputs()) out.printf("input        %s%n", p);
        for (OnnxModelFile.Port p : model.outputs()) out.printf("output       %s%n", p);
        out.printf("encoding     %s version %d, grid %d per quarter note, tempo %.0f bpm%n", meta.vocabulary().encodingName(),
                meta.vocabulary().encodingVersion(), meta.encoding().ticksPerQuarter(), meta.tempoBpm());
        if (!meta.encoding().options().isEmpty()) out.printf("options      %s%n", meta.encoding().label());
        out.printf("vocabulary   %d tokens%n", meta.vocabulary().size());
        if (!meta.vocabulary().styles().isEmpty()) {
            out.printf("styles       %s (generate --style NAME)%n", String.join(", ", meta.vocabulary().styles()));
        }
        out.printf("network      embedding %d, %d x LSTM %d, dense %s; %,d parameters%n", meta.embedding(), meta.layers(),
                meta.hidden(), meta.dense() > 0 ? Integer.toString(meta.dense()) : "none", parameters);
        out.printf("operators    %s%n", String.join(", ", model.operators()));
        out.printf("weights      %s%n", switch (digest) {
            case VERIFIED -> "sha256 " + model.metadataProperties().get(ModelDigest.KEY) + " (verified, metadata too)";
            case WEIGHTS_ONLY -> "sha256 " + model.metadataProperties().get(ModelDigest.KEY) + " (verified); unverified "
                    + "metadata: exported before Cadenza covered the vocabulary, encoding and tempo (inspect --add-digest adds it)";
            case ABSENT -> "no digest (exported before Cadenza stored one): changes to the weights or metadata cannot be detected";
        });
        if (training.size() > 0) {
            out.printf("training     %s%n", summary(training));
        }
        if (r.get("corpus_files") != null) out.printf("corpus       %s files%n", r.get("corpus_files"));
        return 0;
    }

    /**
     * Opens the file exactly as {@code generate} does (the same checks, then ONNX Runtime), so inspect accepts a model
     * if and only if generate can use it.
     */
    private ModelDigest.Status loadsLikeGenerate() throws ModelFileException {
        try (OnnxStepModel model = OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, 1))) {
            return model.digest();
        }
    }

    /** Appends the digest and rewrites the file atomically; the caller then checks the new file as a whole. */
    private void addDigest(OnnxModelFile model) {
        if (model.metadataProperties().containsKey(ModelDigest.METADATA_KEY)) {
            throw new UserError(file + ": already has its digests (" + ModelDigest.KEY + ", " + ModelDigest.METADATA_KEY + ")");
        }
        try {
            byte[] stamped = ModelDigest.stamp(java.nio.file.Files.readAllBytes(file));
            dev.cadenza.runtime.io.AtomicFiles.write(file, stamped);
        } catch (java.io.IOException e) {
            throw new UserError(file + ": cannot rewrite (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getErr().println("added " + (model.metadataProperties().containsKey(ModelDigest.KEY) ? ""
                : ModelDigest.KEY + " and ") + ModelDigest.METADATA_KEY + " to " + file);
    }

    private JsonNode parse(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new UserError(file + ": metadata is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static String summary(JsonNode t) {
        List<String> parts = new java.util.ArrayList<>();
        for (String key : List.of("run", "checkpoint", "epochs", "best_epoch", "validation_loss", "ngram_validation_loss",
                "stop_reason", "train_seconds")) {
            JsonNode v = t.get(key);
            if (v != null && !v.isNull()) parts.add(key.replace('_', ' ') + " " + (v.isTextual() ? v.asText() : v.toString()));
        }
        return String.join(", ", parts);
    }
}
