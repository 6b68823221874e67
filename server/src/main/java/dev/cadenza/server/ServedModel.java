package dev.cadenza.server;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.PieceRows;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.music.Key;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One model a server holds, with everything that is its own: the step model, the scheduler thread that owns it (so
 * each model has its own batch and queue), its request reader and its generate endpoint.
 */
final class ServedModel implements AutoCloseable {
    private final ModelSource source;
    private final StepModel model;
    private final ModelMetadata metadata;
    private final String device;
    private final String fallback;
    private final Scheduler scheduler;
    private final GenerateEndpoint generate;
    private final ServeSettings settings;

    /**
     * @param beamModel opens a second step model on the same file, for beam searches off the scheduler thread; null
     *                  runs them on the scheduler thread (a server given an open step model has no file to open)
     */
    ServedModel(ModelSource source, ServeSettings settings, StepModel model, ModelMetadata metadata,
                PrometheusMeterRegistry registry, java.util.function.Supplier<StepModel> beamModel) {
        this.source = source;
        this.model = model;
        this.metadata = metadata;
        this.device = model.device().name().toLowerCase(java.util.Locale.ROOT);
        this.fallback = model.fallbackReason().orElse(null);
        this.settings = settings;
        Tokenizer tokenizer = new Tokenizer(metadata.vocabulary());
        this.scheduler = new Scheduler(model, new PieceRows(tokenizer), settings.maxBatch(), settings.queue(), settings.batching(),
                settings.shrink(), settings.batchDelay().toNanos(), settings.streamInterval().toNanos(),
                s -> new ServerMetrics(registry, source.name(), s::queueDepth, s::activeRows, s::capacity), beamModel);
        String prefix = CadenzaServer.modelName(source.file());
        OrderReader reader = new OrderReader(settings, tokenizer, metadata.tempoBpm(), prefix);
        this.generate = new GenerateEndpoint(scheduler, reader, tokenizer, scheduler.metrics(), settings,
                source.name(), model.backendName());
    }

    String name() {
        return source.name();
    }

    String fallback() {
        return fallback;
    }

    String backend() {
        return model.backendName();
    }

    String device() {
        return device;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    GenerateEndpoint generate() {
        return generate;
    }

    ServerMetrics metrics() {
        return scheduler.metrics();
    }

    /** A few steps at batch 1 and at the full batch, so the first requests do not pay for ONNX Runtime's first calls. */
    void warmUp() {
        for (int batch : new int[] {1, settings.maxBatch()}) {
            var state = model.newState(batch);
            long[] tokens = new long[batch];
            java.util.Arrays.fill(tokens, SpecialTokens.START_ID);
            float[] probs = new float[batch * model.vocabularySize()];
            for (int i = 0; i < 3; i++) model.run(tokens, 1, state, probs);
        }
    }

    /** This model's entry in {@code GET /v1/models}: what a client needs to choose it and fill a request. */
    Map<String, Object> describe(ObjectMapper json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", source.name());
        m.put("file", source.file().getFileName().toString());
        m.put("variant", metadata.variant());
        m.put("encoding", metadata.vocabulary().encodingName());
        m.put("encodingVersion", metadata.vocabulary().encodingVersion());
        m.put("vocabulary", metadata.vocabulary().size());
        m.put("styles", metadata.vocabulary().styles()); // what "style" may ask for; empty for a model without styles
        m.put("embedding", metadata.embedding());
        m.put("layers", metadata.layers());
        m.put("hidden", metadata.hidden());
        m.put("tempoBpm", metadata.tempoBpm());
        m.put("backend", backend());
        m.put("device", device);
        m.put("keys", keys());
        try {
            m.put("training", camelCase(json.readTree(metadata.trainingJson())));
        } catch (java.io.IOException e) {
            m.put("training", metadata.trainingJson());
        }
        return m;
    }

    /**
     * The model file's training summary with its names in the service's one style, camelCase ({@code best_epoch}
     * becomes {@code bestEpoch}): the file keeps the names the trainer wrote, the service writes its own style only.
     */
    static com.fasterxml.jackson.databind.JsonNode camelCase(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isArray()) {
            var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (var e : node) out.add(camelCase(e));
            return out;
        }
        if (!node.isObject()) return node;
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.fields().forEachRemaining(e -> out.set(camelCase(e.getKey()), camelCase(e.getValue())));
        return out;
    }

    private static String camelCase(String name) {
        StringBuilder s = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '-') {
                upper = s.length() > 0;
            } else {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return s.toString();
    }

    /** The keys a request may ask for ({@code "key"}): those with a token in the vocabulary, none without key tokens. */
    private java.util.List<String> keys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (String token : metadata.vocabulary().tokens()) {
            if (token.startsWith(Key.TOKEN_PREFIX)) keys.add(token.substring(Key.TOKEN_PREFIX.length()));
        }
        return keys;
    }

    void drain() {
        generate.drain();
        scheduler.stopAccepting();
    }

    @Override
    public void close() {
        try {
            scheduler.close();
        } finally {
            model.close();
        }
    }
}
