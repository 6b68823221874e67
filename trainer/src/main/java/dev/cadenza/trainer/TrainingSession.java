package dev.cadenza.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;

/**
 * Sets up a run (new or resumed) and hands it to a {@link Trainer}: reads the corpus, prepares the data, writes or
 * checks the run folder, builds or loads the network.
 */
public final class TrainingSession {
    private final RunFolder run;
    private final TrainingData data;
    private final MultiLayerNetwork network;
    private final RunState state;
    private final Corpus corpus;
    private final WindowSource windows;

    private TrainingSession(RunFolder run, TrainingData data, MultiLayerNetwork network, RunState state, Corpus corpus) {
        this(run, data, network, state, corpus, null);
    }

    private TrainingSession(RunFolder run, TrainingData data, MultiLayerNetwork network, RunState state, Corpus corpus,
                            WindowSource windows) {
        this.windows = windows;
        this.run = run;
        this.data = data;
        this.network = network;
        FusedLstmHelper.installIfEnabled(network, run.settings().threads());
        this.state = state;
        this.corpus = corpus;
    }

    /**
     * A new run in {@code dir}.
     *
     * @throws IllegalArgumentException for bad settings or a corpus that cannot be trained on (one line each)
     */
    public static TrainingSession start(TrainingSettings settings, Path dir) throws IOException {
        if (RunFolder.hasRunFiles(dir) && !neverSaved(dir)) {
            throw new IllegalArgumentException(dir + " already holds a run; use --resume to continue it or choose another --out");
        }
        // A run killed before its first checkpoint left only its description: nothing trained is lost by starting
        // it again in the same folder, so that is allowed (and what --resume does for it too).
        FusedLstmHelper.enabled(); // a bad -Dcadenza.lstm fails here, before anything is written
        requireFusedForWholePieces(settings);
        clearUnsavedRun(dir);
        applyThreads(settings.threads());
        Corpus corpus = new CorpusReader(MidiReader.forEncoding(settings.encodingWithOptions())).read(Path.of(settings.corpus()));
        TrainingData data = TrainingData.prepare(corpus, settings);
        RunFolder run = RunFolder.create(dir, settings, data.vocabulary(), data.split(), CorpusFingerprint.of(corpus),
                data.validation());
        MultiLayerNetwork network = NetworkFactory.build(settings.shape(data.vocabulary().size()), settings.seed(),
                settings.updaterConfig(), settings.clip(), settings.weightDecay());
        RunState state = new RunState(0, 0, 0, Double.NaN, Double.NaN, RunState.RUNNING, dl4jVersion(), false, 0);
        return new TrainingSession(run, data, network, state, corpus);
    }

    /**
     * A new run in {@code dir} on the token shards {@code settings.corpus()} names ('cadenza spark prepare' output),
     * streamed each epoch through a shuffle buffer of {@code shuffleBuffer} windows.
     *
     * @throws IllegalArgumentException for bad settings or shards that cannot be trained on (one line each)
     */
    public static TrainingSession startFromShards(TrainingSettings settings, Path dir, int shuffleBuffer) throws IOException {
        if (RunFolder.hasRunFiles(dir) && !neverSaved(dir)) {
            throw new IllegalArgumentException(dir + " already holds a run; choose another --out");
        }
        FusedLstmHelper.enabled();
        if (settings.context() == TrainingSettings.Context.PIECE) {
            throw new IllegalArgumentException("--context piece (whole pieces, the state carried) works on a MIDI folder, "
                    + "not yet on --shards; train from the corpus folder, or use --context window");
        }
        ShardFolder shards = ShardFolder.open(Path.of(settings.corpus()));
        clearUnsavedRun(dir);
        applyThreads(settings.threads());
        ShardTraining training = ShardTraining.prepare(shards, settings, shuffleBuffer);
        TrainingData data = training.data();
        RunFolder run = RunFolder.create(dir, settings, data.vocabulary(), data.split(), ShardTraining.fingerprint(shards),
                data.validation());
        RunFolder.writeJson(dir.resolve(ShardTraining.RUN_FILE), new ShardTraining.RunFile(shuffleBuffer));
        MultiLayerNetwork network = NetworkFactory.build(settings.shape(data.vocabulary().size()), settings.seed(),
                settings.updaterConfig(), settings.clip(), settings.weightDecay());
        RunState state = new RunState(0, 0, 0, Double.NaN, Double.NaN, RunState.RUNNING, dl4jVersion(), false, 0);
        return new TrainingSession(run, data, network, state, null, training.windows());
    }

    /**
     * Continues the run in {@code dir} from {@code last}. {@code requested} are the settings the user asks for now:
     * only epochs, patience, threads and max batches may differ from the saved ones.
     *
     * @throws IllegalArgumentException when the settings changed incompatibly, the corpus changed, or there is
     *                                  nothing to resume
     */
    public static TrainingSession resume(Path dir, TrainingSettings requested) throws IOException {
        RunFolder saved = RunFolder.open(dir);
        TrainingSettings was = saved.settings();
        ShardTraining.RunFile onShards = shardRun(dir, was);
        List<String> changes = was.incompatibilities(requested);
        if (!changes.isEmpty()) {
            throw new IllegalArgumentException("cannot resume " + dir + " with changed settings: " + String.join("; ", changes));
        }
        if (neverSaved(dir)) {
            // Killed before the first checkpoint: resuming means starting from epoch 0 with the saved settings.
            return onShards != null ? startFromShards(merged(was, requested), dir, onShards.shuffleBuffer())
                    : start(merged(was, requested), dir);
        }
        if (!saved.hasState() && saved.hasCheckpoint(Checkpoint.LAST)) {
            throw new IllegalArgumentException(dir + ": " + RunFolder.STATE + " is missing although " + RunFolder.CHECKPOINTS
                    + "/" + Checkpoint.LAST.fileName() + " exists; without it the epoch, batch and best loss are unknown, "
                    + "so the run cannot be resumed exactly (restore " + RunFolder.STATE + " from a backup, or export "
                    + "the checkpoint with 'cadenza export " + dir + " --checkpoint last')");
        }
        if (!saved.hasCheckpoint(Checkpoint.LAST)) {
            throw new IllegalArgumentException(dir + " has no " + RunFolder.CHECKPOINTS + "/" + Checkpoint.LAST.fileName()
                    + " to resume from although " + RunFolder.STATE + " says " + saved.state().epochsDone()
                    + " epoch(s) are done; the run folder is damaged, start a new run in another folder");
        }
        RunState state = saved.state();
        if (state.epochsDone() >= requested.epochs()) {
            throw new IllegalArgumentException(dir + " already trained " + state.epochsDone() + " epochs (" + state.stopReason()
                    + "); pass --epochs N with N > " + state.epochsDone() + " to continue");
        }
        requireFusedForWholePieces(was);
        applyThreads(requested.threads());
        TrainingSettings settings = merged(was, requested);
        Corpus corpus = null;
        TrainingData data;
        WindowSource windows = null;
        if (onShards != null) {
            ShardFolder shards = ShardFolder.open(Path.of(was.corpus()));
            if (!ShardTraining.fingerprint(shards).files().equals(saved.corpusFingerprint().files())) {
                throw new IllegalArgumentException("cannot resume " + dir + ": the shards in " + was.corpus()
                        + " changed since the run started (shard files or their contents differ from corpus.json)");
            }
            ShardTraining training = ShardTraining.prepare(shards, settings, onShards.shuffleBuffer());
            data = training.data();
            windows = training.windows();
        } else {
            corpus = new CorpusReader(MidiReader.forEncoding(was.encodingWithOptions())).read(Path.of(was.corpus()));
            CorpusFingerprint now = CorpusFingerprint.of(corpus);
            if (!now.files().equals(saved.corpusFingerprint().files())
                    || !java.util.Objects.equals(now.manifest(), saved.corpusFingerprint().manifest())) {
                throw new IllegalArgumentException("cannot resume " + dir + ": the corpus " + was.corpus()
                        + " changed since the run started (files, their contents or its manifest differ from corpus.json)");
            }
            data = TrainingData.prepare(corpus, settings);
        }
        if (!data.vocabulary().equals(saved.vocabulary())) {
            throw new IllegalArgumentException("cannot resume " + dir + ": the vocabulary rebuilt from the "
                    + (onShards != null ? "shards" : "corpus") + " differs from vocabulary.json");
        }
        RunFolder.writeJson(dir.resolve(RunFolder.SETTINGS), settings);
        RunFolder run = RunFolder.open(dir);
        MultiLayerNetwork network = run.loadNetwork(Checkpoint.LAST);
        int epochCount = network.getLayerWiseConfigurations().getEpochCount();
        if (epochCount != state.epochsDone()) {
            throw new IllegalArgumentException(dir + ": checkpoints/last.zip is at epoch " + epochCount + " but state.json says "
                    + state.epochsDone() + "; the run folder is inconsistent");
        }
        RunState resumed = new RunState(state.epochsDone(), state.batchesDone(), state.bestEpoch(), state.bestValLoss(),
                state.ngramValLoss(), RunState.RUNNING, dl4jVersion(), false, state.trainSeconds());
        return new TrainingSession(run, data, network, resumed, corpus, windows);
    }

    /**
     * What the run in {@code dir} recorded of its shards, or null for a run on a MIDI folder.
     *
     * @throws IllegalArgumentException for a shards run that did not record its shuffle buffer
     */
    private static ShardTraining.RunFile shardRun(Path dir, TrainingSettings was) throws IOException {
        Path file = dir.resolve(ShardTraining.RUN_FILE);
        if (java.nio.file.Files.isRegularFile(file)) return RunFolder.readJson(file, ShardTraining.RunFile.class);
        if (ShardFolder.isShardFolder(Path.of(was.corpus()))) {
            throw new IllegalArgumentException("cannot resume " + dir + ": it trained on token shards but has no "
                    + ShardTraining.RUN_FILE + " (it was started by an older Cadenza), so its shuffle buffer and data "
                    + "order are unknown; start a new run");
        }
        return null;
    }

    /** Refuses, before anything is written, what CarriedStateFit would refuse once training starts. */
    private static void requireFusedForWholePieces(TrainingSettings settings) {
        if (settings.context() == TrainingSettings.Context.PIECE && !FusedLstmHelper.enabled()) {
            throw new IllegalArgumentException("--context piece needs the fused LSTM (--lstm fused, the default): "
                    + "Deeplearning4j's own LSTM path computes wrong gradients when a window starts from a carried state");
        }
    }

        /** The saved settings with the few the user may change on resume taken from {@code requested}. */
    private static TrainingSettings merged(TrainingSettings was, TrainingSettings requested) {
        return was.toBuilder().epochs(requested.epochs()).patience(requested.patience()).threads(requested.threads())
                .maxBatches(requested.maxBatches()).build();
    }

    /**
     * True when {@code dir} holds a run that never completed a save: no state and no {@code last} checkpoint (the
     * process was killed while reading the corpus, during the first epoch, or while writing the first checkpoints:
     * {@code best} is written before {@code last} and {@code state.json}, so a {@code best} alone is half a save).
     */
    public static boolean neverSaved(Path dir) {
        return RunFolder.hasRunFiles(dir) && !java.nio.file.Files.exists(dir.resolve(RunFolder.STATE))
                && !java.nio.file.Files.exists(dir.resolve(RunFolder.CHECKPOINTS).resolve(Checkpoint.LAST.fileName()));
    }

    /** Removes what an unsaved run may have left besides its description, so the restart begins clean. */
    private static void clearUnsavedRun(Path dir) throws IOException {
        if (!RunFolder.hasRunFiles(dir)) return;
        java.nio.file.Files.deleteIfExists(dir.resolve(RunFolder.METRICS));
        java.nio.file.Files.deleteIfExists(dir.resolve(RunFolder.CHART));
        java.nio.file.Files.deleteIfExists(dir.resolve(RunFolder.CHECKPOINTS).resolve(Checkpoint.BEST.fileName()));
    }

    /**
     * Deletes the temporary files a killed run of this folder left (a checkpoint or state half written), and names
     * them. A run folder belongs to one run at a time, so any of ours whose process is gone can go at once.
     */
    public static List<Path> removeLeftovers(Path dir) throws IOException {
        List<Path> removed = new java.util.ArrayList<>(AtomicFiles.removeStale(dir, java.time.Duration.ZERO));
        removed.addAll(AtomicFiles.removeStale(dir.resolve(RunFolder.CHECKPOINTS), java.time.Duration.ZERO));
        return removed;
    }

    public TrainingResult train(Trainer trainer, TrainingListener listener) throws IOException {
        if (windows != null) return trainer.train(run, data, windows, network, state, listener);
        return trainer.train(run, data, network, state, listener);
    }

    public RunFolder run() {
        return run;
    }

    public TrainingData data() {
        return data;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public RunState state() {
        return state;
    }

    /** The corpus read from MIDI files; null for a run on token shards. */
    public Corpus corpus() {
        return corpus;
    }

    /** Limits ND4J's (OpenMP) and OpenBLAS's threads; 0 keeps the library defaults. */
    static void applyThreads(int threads) {
        if (threads <= 0) return;
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        // OpenBLAS keeps its own pool (one thread per core), apart from ND4J's OpenMP threads: without this, --threads 1
        // still ran the matrix products on two OpenBLAS threads that wait for each other with sched_yield
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The Deeplearning4j version on the classpath, from its jar's Maven metadata. */
    public static String dl4jVersion() {
        try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
