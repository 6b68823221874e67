package dev.cadenza.runtime.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Vocabulary;

/**
 * What a Cadenza {@code .onnx} file carries besides its weights, stored as ONNX {@code metadata_props}: everything
 * the runtime needs to turn generated ids back into music, so the file is the whole deployable.
 *
 * <p>The exporter writes {@link #toProperties()}; the runtime reads {@link #fromProperties}. Both sides use this
 * one class so the key names cannot drift apart.
 *
 * <p>Part of the model contract with {@link ModelSignature} (the graph's ports) and {@link ModelShapes} (its weights).
 *
 * @param variant      which graph the file holds
 * @param tempoBpm     tempo written into generated MIDI files unless the user picks one
 * @param trainingJson a JSON object summarising training (epochs, validation loss, n-gram baseline, settings)
 * @param corpusJson   a JSON object fingerprinting the training corpus (file names and hashes)
 */
public record ModelMetadata(ModelVariant variant, Vocabulary vocabulary, int embedding, int layers, int hidden, int dense,
                            double tempoBpm, String trainingJson, String corpusJson) {
    public static final String FORMAT = "1";
    public static final String PRODUCER = "cadenza";
    /** The exporter version written as the ONNX producer version. */
    public static final String PRODUCER_VERSION = "0.1.0";

    public static final String KEY_FORMAT = "cadenza.format";
    public static final String KEY_VARIANT = "cadenza.variant";
    public static final String KEY_VOCABULARY = "cadenza.vocabulary";
    public static final String KEY_ENCODING = "cadenza.encoding";
    public static final String KEY_ENCODING_VERSION = "cadenza.encoding_version";
    public static final String KEY_GRID = "cadenza.grid";
    /**
     * The encoding's options (velocity bins, sustain pedal), as the vocabulary holds them; written only for encodings
     * that have options (timed version 2), so version 1 models carry exactly the keys they always did. Informative:
     * the vocabulary is what the runtime decodes with, and a file where the two disagree is refused.
     */
    public static final String KEY_ENCODING_OPTION_PREFIX = "cadenza.encoding.";
    public static final String KEY_TEMPO = "cadenza.tempo_bpm";
    public static final String KEY_EMBEDDING = "cadenza.embedding";
    public static final String KEY_LAYERS = "cadenza.layers";
    public static final String KEY_HIDDEN = "cadenza.hidden";
    public static final String KEY_DENSE = "cadenza.dense";
    public static final String KEY_TRAINING = "cadenza.training";
    public static final String KEY_CORPUS = "cadenza.corpus";

    /** Keys a file must carry to be usable; the others are informative. */
    public static final List<String> REQUIRED = List.of(KEY_FORMAT, KEY_VARIANT, KEY_VOCABULARY, KEY_ENCODING,
            KEY_ENCODING_VERSION, KEY_LAYERS, KEY_HIDDEN);

    /** Bounds far above any network Cadenza trains; a tampered number beyond them is refused before anything is sized by it. */
    public static final int MAX_LAYERS = 64;
    public static final int MAX_WIDTH = 65_536;
    /** The tempo range {@code generate --tempo} accepts; a model's stored tempo must lie in it too. */
    public static final double MIN_TEMPO = 10;
    public static final double MAX_TEMPO = 400;

    public ModelMetadata {
        if (variant == null) throw new IllegalArgumentException("no model variant");
        if (vocabulary == null) throw new IllegalArgumentException("no vocabulary");
        inRange(KEY_LAYERS, layers, 1, MAX_LAYERS);
        inRange(KEY_HIDDEN, hidden, 1, MAX_WIDTH);
        inRange(KEY_EMBEDDING, embedding, 0, MAX_WIDTH);
        inRange(KEY_DENSE, dense, 0, MAX_WIDTH);
        if (!(tempoBpm >= MIN_TEMPO && tempoBpm <= MAX_TEMPO)) { // also false for NaN
            throw new IllegalArgumentException(KEY_TEMPO + "=" + tempoBpm + " is not a tempo (" + (int) MIN_TEMPO + ".."
                    + (int) MAX_TEMPO + " BPM)");
        }
        if (trainingJson == null) trainingJson = "{}";
        if (corpusJson == null) corpusJson = "{}";
    }

    private static void inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " is out of range (" + min + ".." + max + ")");
        }
    }

    /** The encoding the vocabulary names. */
    public Encoding encoding() {
        return vocabulary.encoding();
    }

    /** Steps one call may take: 0 for any number, 1 for the portable one-step graph. */
    public int stepsPerCall() {
        return variant.stepsPerCall();
    }

    /** The same model described as another variant (the exporter writes one metadata per file). */
    public ModelMetadata withVariant(ModelVariant newVariant) {
        return new ModelMetadata(newVariant, vocabulary, embedding, layers, hidden, dense, tempoBpm, trainingJson,
                corpusJson);
    }

    /** The training summary recorded at export; {@link TrainingSummary#NONE} when the file records none. */
    public TrainingSummary training() {
        return TrainingSummary.fromJson(trainingJson);
    }

    /** The metadata as ONNX {@code metadata_props}, what the exporter writes. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KEY_FORMAT, FORMAT);
        p.put(KEY_VARIANT, variant.id());
        p.put(KEY_ENCODING, vocabulary.encodingName());
        p.put(KEY_ENCODING_VERSION, Integer.toString(vocabulary.encodingVersion()));
        p.put(KEY_GRID, Integer.toString(encoding().ticksPerQuarter()));
        encoding().options().forEach((name, value) -> p.put(KEY_ENCODING_OPTION_PREFIX + name, value));
        p.put(KEY_TEMPO, Double.toString(tempoBpm));
        p.put(KEY_EMBEDDING, Integer.toString(embedding));
        p.put(KEY_LAYERS, Integer.toString(layers));
        p.put(KEY_HIDDEN, Integer.toString(hidden));
        p.put(KEY_DENSE, Integer.toString(dense));
        p.put(KEY_VOCABULARY, vocabulary.toJson());
        p.put(KEY_TRAINING, trainingJson);
        p.put(KEY_CORPUS, corpusJson);
        return p;
    }

    /**
     * Reads the properties of a model file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException with one line naming every missing or bad key
     */
    public static ModelMetadata fromProperties(Map<String, String> p, String source) {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (p.get(key) == null || p.get(key).isBlank()) missing.add(key);
        }
        if (missing.size() == REQUIRED.size()) {
            throw new IllegalArgumentException(source + " is not a Cadenza model (no cadenza.* metadata)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks metadata " + String.join(", ", missing));
        }
        if (!FORMAT.equals(p.get(KEY_FORMAT))) {
            throw new IllegalArgumentException(source + " has model format " + p.get(KEY_FORMAT)
                    + "; this runtime reads format " + FORMAT);
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.fromJson(p.get(KEY_VOCABULARY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " has a bad cadenza.vocabulary: " + e.getMessage());
        }
        if (!vocabulary.encodingName().equals(p.get(KEY_ENCODING))
                || vocabulary.encodingVersion() != integer(p, KEY_ENCODING_VERSION, source)) {
            throw new IllegalArgumentException(source + ": cadenza.encoding disagrees with the vocabulary's encoding");
        }
        if (vocabulary.encodingVersion() != vocabulary.encoding().version()) {
            throw new IllegalArgumentException(source + " uses " + vocabulary.encodingName() + " encoding version "
                    + vocabulary.encodingVersion() + "; this runtime has version " + vocabulary.encoding().version());
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (!e.getKey().startsWith(KEY_ENCODING_OPTION_PREFIX)) continue;
            String option = e.getKey().substring(KEY_ENCODING_OPTION_PREFIX.length());
            if (!e.getValue().equals(vocabulary.encoding().options().get(option))) {
                throw new IllegalArgumentException(source + ": " + e.getKey() + "=" + e.getValue()
                        + " disagrees with the vocabulary's encoding options " + vocabulary.encoding().options());
            }
        }
        try {
            return new ModelMetadata(ModelVariant.fromId(p.get(KEY_VARIANT)), vocabulary,
                    p.containsKey(KEY_EMBEDDING) ? integer(p, KEY_EMBEDDING, source) : 0,
                    integer(p, KEY_LAYERS, source), integer(p, KEY_HIDDEN, source),
                    p.containsKey(KEY_DENSE) ? integer(p, KEY_DENSE, source) : 0,
                    p.containsKey(KEY_TEMPO) ? tempo(p.get(KEY_TEMPO), source) : 120.0,
                    p.get(KEY_TRAINING), p.get(KEY_CORPUS));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(source)) throw e;
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static double tempo(String text, String source) {
        try {
            return Double.parseDouble(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + " has a bad " + KEY_TEMPO + ": '" + text + "'");
        }
    }

    private static int integer(Map<String, String> p, String key, String source) {
        try {
            return Integer.parseInt(p.get(key).trim());
        } catch (RuntimeException e) {
            String text = String.valueOf(p.get(key));
            throw new IllegalArgumentException(source + " has a bad " + key + ": '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "' (not a whole number in range)");
        }
    }
}
