package dev.cadenza.cli;

import dev.cadenza.app.ExitCodes;
import dev.cadenza.app.ProgressBars;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.io.CadenzaHome;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.trainer.EpochMetrics;
import dev.cadenza.trainer.FusedLstmHelper;
import dev.cadenza.trainer.Presets;
import dev.cadenza.trainer.ShardFolder;
import dev.cadenza.trainer.RunFolder;
import dev.cadenza.trainer.ThreadWaitPolicy;
import dev.cadenza.trainer.TimeEstimate;
import dev.cadenza.trainer.Trainer;
import dev.cadenza.trainer.TrainingListener;
import dev.cadenza.trainer.TrainingResult;
import dev.cadenza.trainer.TrainingSession;
import dev.cadenza.trainer.TrainingSettings;
import dev.cadenza.trainer.Transposer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train the LSTM on a folder of MIDI files into a run folder.",
        description = {"Train the LSTM on a folder of MIDI files and write a run folder (settings, vocabulary, split, "
                + "metrics, loss chart, checkpoints best and last) that 'cadenza export' turns into an ONNX model.",
                "Every epoch prints the training loss, the validation loss (cross-entropy in nats per token: lower is "
                        + "better), accuracy and perplexity, next to a 3-gram baseline the network should beat.",
                "Ctrl-C stops after the current batch (at the end of an epoch: after its validation), saves 'last', "
                        + "says what it kept and exits with 130; --resume continues exactly where it stopped. A second "
                        + "Ctrl-C quits at once."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR", description = "Folder of MIDI files to learn from (default: midi_songs/, in the working folder or else in the Cadenza folder).")
    Path corpus;

    @Option(names = "--shards", paramLabel = "DIR",
            description = "Train on the token shards 'cadenza spark prepare' wrote to DIR instead of a MIDI folder: the "
                    + "pieces are streamed from disk every epoch (memory holds a shuffle buffer, not the corpus), with the "
                    + "encoding and the train/validation split recorded there (docs/scale-out.md).")
    Path shards;

    @Option(names = "--shuffle-buffer", paramLabel = "N", defaultValue = "10000",
            description = "With --shards: windows held for shuffling; a batch takes random ones (default: ${DEFAULT-VALUE}). "
                    + "A run keeps its buffer when resumed.")
    int shuffleBuffer;

    @Option(names = {"-e", "--encoding"}, paramLabel = "NAME",
            description = "How notes become tokens: 'timed' (octaves, durations, rests; the default), 'classic' (the tutorial's, as its music21 parse makes them) or 'merged' (the tutorial's spelling over merged tracks).")
    String encoding;

    @Option(names = "--velocity-bins", paramLabel = "N",
            description = "timed encoding: keep each note's loudness in N bins (a v:K token before a note whose bin "
                    + "differs from the previous note's; 8 is a good start); 0 drops velocity and every note plays at 80 "
                    + "(default: 0). The model carries the setting, so generate needs no flag (docs/encodings.md).")
    Integer velocityBins;

    @Option(names = "--key-token",
            description = "timed encoding: open every piece with its estimated key (<start> k:Am ...), so that "
                    + "'generate --key Am' can ask for a key. Pair it with --transpose 6 so that every key has data.")
    boolean keyToken;

    @Option(names = "--key-normalise",
            description = "timed encoding: move every piece to C major or A minor (its estimated key's mode) before "
                    + "training, so all pieces teach one major and one minor key; implies --key-token, whose token then "
                    + "says only the mode. 'generate' moves the output to the asked key (--key, or one drawn from the "
                    + "corpus's keys). Use a small --transpose (0 or 1) with it, not 6.")
    boolean keyNormalise;

    @Option(names = "--style-token",
            description = "timed encoding: open every piece with its composer's style (<start> s:chopin ...), taken "
                    + "from the corpus's manifest.csv, so that 'generate --style chopin' can ask for one. Needs a "
                    + "manifest (midi_songs/ has one; see docs/training.md for the format).")
    boolean styleToken;

    @Option(names = "--pieces", paramLabel = "N",
            description = "Train on N of the training pieces only, taken in turn from each composer (0: all). The "
                    + "held-out pieces stay the same, so runs on 50 and 200 pieces are scored alike. The quick way to "
                    + "a first model: --preset quick.")
    Integer pieces;

    @Option(names = "--no-pedal",
            description = "Read the MIDI files as the keys are played, ignoring the sustain pedal (CC64). By default a "
                    + "note released while the pedal is down lasts until the pedal comes up or its key is struck again, "
                    + "as it sounds (timed encoding only; classic and merged always ignore the pedal).")
    boolean noPedal;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = Presets.DEFAULT,
            description = "Starting sizes: 'quick' (small on 24 pieces for at most 8 epochs: a first model in about "
                    + "10 minutes), 'small' (2 x 256 LSTM; the shipped model; on all of midi_songs/ hours, on 14 pieces "
                    + "minutes), 'classic' "
                    + "(the tutorial's sizes on Cadenza's own input and training scheme), 'tutorial' (the tutorial's whole "
                    + "setup: classic tokens, id / vocabulary as input, windows of 100 with one target each, batch norm, "
                    + "RMSprop, batch 128, 200 epochs: days on a laptop; see docs/training.md) or 'tiny' (smoke tests). "
                    + "Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run folder to write (default: runs/PRESET-TIMESTAMP). With --resume: the run to continue.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its 'last' checkpoint: same epoch counter, optimizer state and data order. Only --epochs, --patience, --threads and --max-batches may change.")
    boolean resume;

    @Option(names = "--epochs", paramLabel = "N", description = "Train until this many epochs (passes over the training windows) are done.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for the initial weights, the validation split, the data order and dropout.")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads for the math library (default: the preset's: 2 for small and classic, 1 for the others; on a busy machine 1 costs less CPU per token; see docs/training.md).")
    Integer threads;

    /** Which implementation trains the LSTM layers; both compute the same function (docs/training.md, "A fused LSTM"). */
    enum LstmPath { fused, dl4j }

    @Option(names = "--lstm", paramLabel = "PATH",
            description = "How the LSTM layers are trained: 'fused' (default: Cadenza's implementation, all time steps' "
                    + "input products at once, 1.2-2.3x faster) or 'dl4j' (Deeplearning4j's own, step by step). Same "
                    + "function, same checkpoints; the losses differ only by rounding.")
    LstmPath lstm;

    @Option(names = "--embedding", paramLabel = "N", description = "Size of the vector each token id is turned into.")
    Integer embedding;

    @Option(names = "--layers", paramLabel = "N", description = "Number of stacked LSTM layers.")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "N", description = "Units in each LSTM layer.")
    Integer hidden;

    @Option(names = "--dense", paramLabel = "N", description = "Units of a ReLU layer between the LSTMs and the output; 0 for none.")
    Integer dense;

    @Option(names = "--dropout", paramLabel = "P", description = "Probability of dropping each input of the output layer while training (0 to 0.9).")
    Double dropout;

    @Option(names = "--window", paramLabel = "N", description = "Tokens per training window.")
    Integer window;

    @Option(names = "--stride", paramLabel = "N", description = "Tokens between the starts of two windows of a piece (smaller: more, overlapping windows).")
    Integer stride;

    @Option(names = "--batch", paramLabel = "N", description = "Windows per training step (minibatch).")
    Integer batch;

    @Option(names = "--updater", paramLabel = "NAME", description = "Optimizer: 'adam' or 'rmsprop'.")
    String updater;

    @Option(names = "--learning-rate", paramLabel = "R", description = "The optimizer's step size, e.g. 0.002.")
    Double learningRate;

    @Option(names = "--clip", paramLabel = "X", description = "Clip every gradient value to [-X, X] so that training cannot explode; 0 for no clipping.")
    Double clip;

    @Option(names = "--patience", paramLabel = "N", description = "Stop early when the validation loss has not improved for N epochs; 0 never stops early.")
    Integer patience;

    /** What one training sequence is (TrainingSettings.Context), spelled as users type it. */
    enum ContextChoice { window, piece }

    @Option(names = "--context", paramLabel = "WHAT",
            description = "What the network trains on: 'window' (default: windows of --window tokens in a shuffled order, "
                    + "each from a zero LSTM state) or 'piece' (whole pieces: each batch row reads one piece window after "
                    + "window, the LSTM state carried from one to the next as generation carries it; truncated "
                    + "back-propagation through time). With 'piece', the best checkpoint and --patience follow the "
                    + "validation loss of whole held-out pieces (docs/training.md).")
    ContextChoice context;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "Shrink every weight by learning rate x X each step (decoupled weight decay, as AdamW), "
                    + "against memorising the training pieces; 0 for none (default: 0; try 0.01 to 0.1).")
    Double weightDecay;

    @Option(names = "--velocity-jitter",
            description = "timed encoding with --velocity-bins: play each training window (with --context piece: "
                    + "each piece) one velocity bin louder, softer or as it is, drawn afresh every epoch.")
    boolean velocityJitter;

    @Option(names = "--transpose", paramLabel = "N", description = "Also train on every training piece moved up and down by 1..N semitones (0: off; 6 reaches all 12 keys, the key token moving along).")
    Integer transpose;

    @Option(names = "--validation-share", paramLabel = "F", description = "Share of whole pieces held out for validation, e.g. 0.1 (at least one piece).")
    Double validationShare;

    @Option(names = "--mode", paramLabel = "MODE", description = "MANY_TO_MANY: a target at every step of a window (default); MANY_TO_ONE: only the token after the window, as the tutorial does.")
    TrainingSettings.Mode mode;

    @Option(names = "--profile", description = "After every epoch, print where its time went: the LSTM's matrix products (per step and over the whole batch) and elementwise math, copies, the other layers, data, garbage collection, validation.")
    boolean profile;

    @Option(names = "--max-batches", paramLabel = "N", description = "Cut every epoch after N batches (for quick speed measurements); 0 for whole epochs.")
    Integer maxBatches;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (lstm != null) System.setProperty(FusedLstmHelper.PROPERTY, lstm.name());
        PrintWriter out = spec.commandLine().getOut();
        TrainingSession session;
        if (resume) {
            if (this.out == null) throw new UserError("--resume needs --out RUN_FOLDER: the run to continue");
            for (Path left : TrainingSession.removeLeftovers(this.out)) out.println("note: removed " + left + ", left by a killed run");
            TrainingSettings saved = RunFolder.open(this.out).settings();
            session = TrainingSession.resume(this.out, withOverrides(saved));
            out.printf("resuming %s at epoch %d%s%n", this.out, session.state().epochsDone() + 1,
                    session.state().batchesDone() > 0 ? ", batch " + (session.state().batchesDone() + 1) : "");
        } else if (shards != null) {
            if (corpus != null || encoding != null || velocityBins != null || keyToken || keyNormalise || noPedal) {
                throw new UserError("--shards: the shards were encoded when they were prepared; --corpus, --encoding, "
                        + "--velocity-bins, --key-token, --key-normalise and --no-pedal belong to 'cadenza spark prepare'");
            }
            if (shuffleBuffer < 1 || shuffleBuffer > 10_000_000) {
                throw new UserError("--shuffle-buffer must be 1..10000000, got " + shuffleBuffer);
            }
            if (!ShardFolder.isShardFolder(shards)) {
                throw new UserError(shards + ": not a folder 'cadenza spark prepare' wrote (no tokens/ or stats.json)");
            }
            TrainingSettings settings = withOverrides(Presets.byName(preset)).withCorpus(shards.toString())
                    .withEncoding(ShardFolder.open(shards).encoding());
            Path dir = this.out != null ? this.out : Path.of("runs", preset + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            session = TrainingSession.startFromShards(settings, dir, shuffleBuffer);
            out.printf("run folder %s%n", dir);
        } else {
            TrainingSettings settings = withOverrides(Presets.byName(preset));
            // The shipped corpus is found from any working folder, as generate finds the shipped model.
            if (corpus == null) settings = settings.withCorpus(CadenzaHome.find(settings.corpus()).toString());
            if (transpose == null && settings.transpose() > 0 && !Transposer.supports(settings.encoding())) {
                settings = settings.toBuilder().transpose(0).build(); // the preset's transposition is timed-only
            }
            try {
                settings.encodingWithOptions();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            Path dir = this.out != null ? this.out : Path.of("runs", preset + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Path corpusDir = Path.of(settings.corpus());
            if (!Files.isDirectory(corpusDir)) throw new UserError(corpusDir + ": corpus folder not found");
            for (Path left : TrainingSession.removeLeftovers(dir)) out.println("note: removed " + left + ", left by a killed run");
            if (TrainingSession.neverSaved(dir)) {
                out.println("note: " + dir + " holds a run that was stopped before its first checkpoint; starting it again");
            }
            session = TrainingSession.start(settings, dir);
            out.printf("run folder %s%n", dir);
        }
        describe(out, session);
        ThreadWaitPolicy.note(session.run().settings().threads(), System.getenv()).ifPresent(out::println);
        Trainer trainer = new Trainer();
        if (profile) trainer.profile();
        TrainingResult result;
        try (StopSignals signals = new StopSignals(trainer::requestStop, "stopping after the current batch, then saving "
                + "'last' (Ctrl-C again quits at once and loses the epoch in progress)", spec.commandLine().getErr());
             Progress progress = new Progress(out)) {
            result = session.train(trainer, progress);
        }
        BaselineWarning.of(result.state().bestValLoss(), result.state().ngramValLoss(), "best validation loss")
                .ifPresent(out::println);
        out.println("run folder: " + session.run().dir() + " (export it with: cadenza export " + session.run().dir() + ")");
        if (result.outcome() == TrainingResult.Outcome.DIVERGED) throw new UserError(result.message());
        return result.outcome() == TrainingResult.Outcome.INTERRUPTED ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    private TrainingSettings withOverrides(TrainingSettings b) {
        String name = encoding != null ? encoding.toLowerCase(Locale.ROOT) : b.encoding();
        // The pedal is read for timed only; a preset of another encoding switched to timed gets the timed default.
        boolean pedal = TimedEncoding.NAME.equals(name) && !noPedal && (b.sustainPedal() || !name.equals(b.encoding()));
        return b.toBuilder()
                .corpus(corpus != null ? corpus.toString() : b.corpus())
                .encoding(name)
                .embedding(or(embedding, b.embedding())).layers(or(layers, b.layers())).hidden(or(hidden, b.hidden()))
                .dense(or(dense, b.dense())).dropout(or(dropout, b.dropout()))
                .window(or(window, b.window())).stride(or(stride, b.stride())).batch(or(batch, b.batch()))
                .updater(or(updater, b.updater())).learningRate(or(learningRate, b.learningRate())).clip(or(clip, b.clip()))
                .epochs(or(epochs, b.epochs())).patience(or(patience, b.patience())).seed(or(seed, b.seed()))
                .transpose(or(transpose, b.transpose())).validationShare(or(validationShare, b.validationShare()))
                .threads(or(threads, b.threads())).mode(or(mode, b.mode())).maxBatches(or(maxBatches, b.maxBatches()))
                .velocityBins(or(velocityBins, b.velocityBins())).sustainPedal(pedal)
                .keyToken(keyToken || keyNormalise || b.keyToken()).keyNormalised(keyNormalise || b.keyNormalised())
                .pieces(or(pieces, b.pieces())).styleToken(styleToken || b.styleToken())
                .context(context == null ? b.context()
                        : context == ContextChoice.piece ? TrainingSettings.Context.PIECE : TrainingSettings.Context.WINDOW).weightDecay(or(weightDecay, b.weightDecay()))
                .velocityJitter(velocityJitter || b.velocityJitter())
                .build();
    }

    private static <T> T or(T given, T preset) {
        return given != null ? given : preset;
    }

    private static void describe(PrintWriter out, TrainingSession session) {
        Corpus corpus = session.corpus();
        TrainingSettings s = session.run().settings();
        if (corpus == null) {
            out.printf("shards %s: %d training pieces (streamed), %d validation; encoding %s, vocabulary %d tokens%n",
                    s.corpus(), session.data().split().train().size(), session.data().split().validation().size(),
                    session.data().vocabulary().encoding().label(), session.data().vocabulary().size());
        } else {
            for (Corpus.Skipped k : corpus.skipped()) out.println("skipped " + dev.cadenza.runtime.io.Printable.of(k.file()) + ": " + k.reason());
            out.printf("corpus %s: %d pieces used, %d skipped; encoding %s, vocabulary %d tokens%n", s.corpus(),
                    corpus.pieces().size(), corpus.skipped().size(), session.data().vocabulary().encoding().label(),
                    session.data().vocabulary().size());
        }
        if (s.pieces() > 0) {
            out.printf("training pieces: %d of the corpus's training pieces (--pieces %d)%n", session.data().split().train().size(),
                    s.pieces());
        }
        out.printf("validation pieces (%d): %s%n", session.data().split().validation().size(),
                String.join(", ", session.data().split().validation()));
        if (!session.data().vocabulary().styles().isEmpty()) {
            out.printf("styles: %s%n", String.join(", ", session.data().vocabulary().styles()));
        }
        String input = s.scaledInput() ? "input id / vocabulary" : "embedding " + s.embedding();
        out.printf("network: %s, %d x LSTM %d, dense %d%s, dropout %.2f, %,d parameters; %s, window %d, stride %d, batch %d, "
                        + "%s %.4g, transpose +-%d%s%n", input, s.layers(), s.hidden(), s.dense(),
                s.batchNorm() ? " with batch norm" : "", s.dropout(),
                session.network().numParams(), s.mode(), s.window(), s.stride(), s.batch(), s.updater(), s.learningRate(),
                s.transpose(), (s.context() == TrainingSettings.Context.PIECE ? "; whole pieces, state carried" : "")
                        + (s.weightDecay() > 0 ? String.format(Locale.ROOT, ", weight decay %.3g", s.weightDecay()) : "")
                        + (s.velocityJitter() ? ", velocity jitter +-1" : ""));
        out.println(TimeEstimate.of(s, session.data().vocabulary().size(), session.data().trainStreams(),
                session.data().validationStreams()).line(s.patience()));
        out.flush();
    }

    /** Progress bar per epoch (terminal only) and one line per epoch. */
    private static final class Progress implements TrainingListener, AutoCloseable {
        private final PrintWriter out;
        private ProgressBar bar;
        private int epochs;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void started(int nextEpoch, int epochs, int batchesPerEpoch, long windowsPerEpoch) {
            this.epochs = epochs;
            out.printf("%,d training windows, %d batches per epoch; epochs %d..%d%n", windowsPerEpoch, batchesPerEpoch,
                    nextEpoch + 1, epochs);
            out.flush();
        }

        @Override
        public void epochStarted(int epoch, int batches, int skipped) {
            close();
            bar = ProgressBars.open("epoch " + epoch + "/" + epochs, batches, "batches");
            if (bar != null) bar.stepTo(skipped);
        }

        @Override
        public void batchDone(int epoch, int batch, double loss) {
            if (bar != null) {
                bar.stepTo(batch);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f", loss));
            }
        }

        @Override
        public void validating(int epoch) {
            if (bar != null) bar.setExtraMessage(" validating");
        }

        @Override
        public void epochDone(EpochMetrics m, boolean best) {
            close();
            out.printf(Locale.ROOT, "epoch %3d  train %.4f  val %.4f  pieces %.4f%s  acc %.3f  ppl %.2f  n-gram %.4f  %.1f s  %.1f windows/s  %.0f tokens/s%n",
                    m.epoch(), m.trainLoss(), m.valLoss(), m.valPieceLoss(), best ? "*" : " ", m.valAccuracy(),
                    m.valPerplexity(), m.ngramValLoss(), m.seconds(), m.windowsPerSecond(), m.tokensPerSecond());
            out.flush();
        }

        @Override
        public void message(String line) {
            close();
            out.println(line);
            out.flush();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
