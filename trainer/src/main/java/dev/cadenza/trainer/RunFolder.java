package dev.cadenza.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.io.AtomicFiles;

/**
 * A training run's folder: everything needed to resume the run or export its network, and nothing else needed.
 * <pre>
 * settings.json     every {@link TrainingSettings}
 * vocabulary.json   {@link Vocabulary#save}
 * encoding.json     encoding name, version and time grid (steps per quarter note), for readers without the codec
 * split.json        {@link Split}: train and validation piece names
 * corpus.json       {@link CorpusFingerprint}: file names, sha256, notes; skipped files with reasons
 * validation.json   token ids of every validation piece ({@link #validationStreams()})
 * metrics.csv       one row per epoch
 * loss.png          train and validation loss per epoch
 * state.json        {@link RunState}
 * checkpoints/best.zip, checkpoints/last.zip   DL4J ModelSerializer zips, optimizer state included
 * checkpoints/last-state.bin   training on whole pieces, stopped mid-epoch: the LSTM state each batch row carried
 * </pre>
 * Every file is written atomically, so a crash or a full disk never leaves half a file.
 */
public final class RunFolder {
    public static final String SETTINGS = "settings.json";
    public static final String VOCABULARY = "vocabulary.json";
    public static final String ENCODING = "encoding.json";
    public static final String SPLIT = "split.json";
    public static final String CORPUS = "corpus.json";
    public static final String VALIDATION = "validation.json";
    public static final String METRICS = "metrics.csv";
    public static final String CHART = "loss.png";
    public static final String STATE = "state.json";
    public static final String CHECKPOINTS = "checkpoints";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final TrainingSettings settings;
    private final Vocabulary vocabulary;
    private final Split split;
    private final CorpusFingerprint fingerprint;
    private final List<ValidationPiece> validation;

    /** Token ids of one validation piece, framed by START and END. */
    public record ValidationPiece(String name, int[] ids) {
    }

    private record ValidationFile(List<ValidationPiece> pieces) {
    }

    /** What {@code encoding.json} holds. */
    public record EncodingInfo(String name, int version, int ticksPerQuarter) {
    }

    private RunFolder(Path dir, TrainingSettings settings, Vocabulary vocabulary, Split split,
                      CorpusFingerprint fingerprint, List<ValidationPiece> validation) {
        this.dir = dir;
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.split = split;
        this.fingerprint = fingerprint;
        this.validation = List.copyOf(validation);
    }

    /** Writes the description of a new run into {@code dir} (created if needed) and returns it. */
    public static RunFolder create(Path dir, TrainingSettings settings, Vocabulary vocabulary, Split split,
                                   CorpusFingerprint fingerprint, List<ValidationPiece> validation) throws IOException {
        Files.createDirectories(dir.resolve(CHECKPOINTS));
        writeJson(dir.resolve(SETTINGS), settings);
        vocabulary.save(dir.resolve(VOCABULARY));
        writeJson(dir.resolve(ENCODING), encodingInfo(vocabulary));
        writeJson(dir.resolve(SPLIT), split);
        writeJson(dir.resolve(CORPUS), fingerprint);
        writeJson(dir.resolve(VALIDATION), new ValidationFile(validation));
        return new RunFolder(dir, settings, vocabulary, split, fingerprint, validation);
    }

    /**
     * Reads a run folder.
     *
     * @throws IOException naming the folder and what is missing or unreadable
     */
    public static RunFolder open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a run folder (no such folder)");
        List<String> missing = new ArrayList<>();
        for (String name : List.of(SETTINGS, VOCABULARY, SPLIT, CORPUS, VALIDATION)) {
            if (!Files.isRegularFile(dir.resolve(name))) missing.add(name);
        }
        if (!missing.isEmpty()) {
            throw new IOException(dir + ": not a complete run folder, missing " + String.join(", ", missing));
        }
        TrainingSettings settings = readJson(dir.resolve(SETTINGS), TrainingSettings.class);
        Vocabulary vocabulary = Vocabulary.load(dir.resolve(VOCABULARY));
        Split split = readJson(dir.resolve(SPLIT), Split.class);
        CorpusFingerprint fingerprint = readJson(dir.resolve(CORPUS), CorpusFingerprint.class);
        ValidationFile validation = readJson(dir.resolve(VALIDATION), ValidationFile.class);
        return new RunFolder(dir, settings, vocabulary, split, fingerprint, validation.pieces());
    }

    /** True when {@code dir} already holds a run's settings (so starting a new run there would overwrite it). */
    public static boolean hasRunFiles(Path dir) {
        return Files.isRegularFile(dir.resolve(SETTINGS));
    }

    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> JSON.writeValue(out, value));
    }

    static <T> T readJson(Path file, Class<T> type) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": unreadable (" + e.getOriginalMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public TrainingSettings settings() {
        return settings;
    }

    public NetworkShape shape() {
        return settings.shape(vocabulary.size());
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Encoding name, version and grid, from the vocabulary (so also for folders written before encoding.json). */
    public EncodingInfo encodingInfo() {
        return encodingInfo(vocabulary);
    }

    private static EncodingInfo encodingInfo(Vocabulary vocabulary) {
        return new EncodingInfo(vocabulary.encodingName(), vocabulary.encodingVersion(),
                vocabulary.encoding().ticksPerQuarter());
    }

    public Split split() {
        return split;
    }

    public CorpusFingerprint corpusFingerprint() {
        return fingerprint;
    }

    /** The corpus fingerprint as the JSON text of {@code corpus.json}. */
    public String corpusFingerprintJson() throws IOException {
        return Files.readString(dir.resolve(CORPUS));
    }

    /** Token ids of each validation piece, framed by START and END, in split order. */
    public List<ValidationPiece> validationPieces() {
        return validation;
    }

    public List<int[]> validationStreams() {
        return validation.stream().map(ValidationPiece::ids).toList();
    }

    /**
     * Up to {@code count} validation windows of {@code length} tokens, taken in order without overlap from the
     * validation pieces (the last part of a piece shorter than {@code length} is not used).
     */
    public List<int[]> validationWindows(int count, int length) {
        List<int[]> out = new ArrayList<>();
        for (int[] ids : validationStreams()) {
            for (int start = 0; start + length <= ids.length && out.size() < count; start += length) {
                out.add(java.util.Arrays.copyOfRange(ids, start, start + length));
            }
        }
        return out;
    }

    /** @throws IOException if the run has not saved its state yet */
    public RunState state() throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) throw new IOException(dir + ": no " + STATE + " yet (the run never saved a checkpoint)");
        return readJson(file, RunState.class);
    }

    public boolean hasState() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    public void saveState(RunState state) throws IOException {
        writeJson(dir.resolve(STATE), state);
    }

    public Path checkpointFile(Checkpoint which) {
        return dir.resolve(CHECKPOINTS).resolve(which.fileName());
    }

    public boolean hasCheckpoint(Checkpoint which) {
        return Files.isRegularFile(checkpointFile(which));
    }

    /** Loads a checkpoint with its optimizer state. */
    public MultiLayerNetwork loadNetwork(Checkpoint which) throws IOException {
        Path file = checkpointFile(which);
        if (!Files.isRegularFile(file)) throw new IOException(dir + ": no " + CHECKPOINTS + "/" + which.fileName());
        CheckpointFile.check(file, shape());
        try (InputStream in = Files.newInputStream(file)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a loadable DL4J network (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new IOException(file + ": too large to load in this JVM's memory (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the network and its optimizer state to a temporary file, then renames it over the old checkpoint. */
    public void saveNetwork(MultiLayerNetwork network, Checkpoint which) throws IOException {
        AtomicFiles.write(checkpointFile(which), out -> ModelSerializer.writeModel(network, out, true));
    }

    /** Where a run on whole pieces interrupted mid-epoch keeps the LSTM state its batch rows carried. */
    public Path carriedStateFile() {
        return dir.resolve(CHECKPOINTS).resolve("last-state.bin");
    }

    public Path metricsFile() {
        return dir.resolve(METRICS);
    }

    public Path chartFile() {
        return dir.resolve(CHART);
    }
}
