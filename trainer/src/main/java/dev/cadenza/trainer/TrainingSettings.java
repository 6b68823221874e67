package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.learning.config.Adam;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.codec.TimedEncoding;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * Every setting of a training run, saved as {@code settings.json} in the run folder so a run can be repeated, resumed
 * and exported from its folder alone.
 *
 * @param corpus          folder of MIDI files, as given by the user
 * @param encoding        token encoding name ({@code timed} or {@code classic})
 * @param preset          the preset these settings started from (for reports; the sizes below are what counts)
 * @param embedding       embedding width
 * @param layers          number of stacked LSTM layers
 * @param hidden          units per LSTM layer
 * @param dense           ReLU dense layer width before the output, 0 for none
 * @param dropout         dropout probability on the output layer's input while training
 * @param window          tokens per training window
 * @param stride          tokens between the starts of consecutive windows of a piece
 * @param batch           windows per minibatch
 * @param updater         {@code adam} or {@code rmsprop}
 * @param learningRate    the updater's learning rate
 * @param clip            element-wise gradient clipping threshold, 0 for none
 * @param epochs          the epoch to stop after (counting from the start of the run, also when resuming)
 * @param patience        stop when validation loss has not improved for this many epochs, 0 to never stop early
 * @param seed            seed for weights, the split, the data order and dropout
 * @param transpose       training pieces are also used transposed by -transpose..+transpose semitones (0: off)
 * @param validationShare share of pieces held out for validation (at least one piece)
 * @param threads         CPU threads for ND4J (0: library default)
 * @param mode            {@link Mode#MANY_TO_MANY} (a target at every step) or the tutorial's {@link Mode#MANY_TO_ONE}
 * @param maxBatches      stop each epoch after this many batches, 0 for all (for quick speed measurements)
 * @param scaledInput     the tutorial's input: each step is one number, token id / vocabulary size, instead of a
 *                        learned embedding ({@code embedding} is then 1)
 * @param batchNorm       the tutorial's head: batch normalisation after the LSTMs and after the dense layer, dropout
 *                        before the dense layer and before the output (needs {@code dense > 0})
 * @param velocityBins    {@code timed} only: velocity kept in this many bins ({@code v:K} tokens), 0 to drop it
 * @param sustainPedal    {@code timed} only: MIDI files read with the sustain pedal folded into note durations
 *                        (absent from settings written before it existed, which read as false: those runs ignored it)
 * @param keyToken        {@code timed} only: every piece opens with its estimated key ({@code <start> k:Am ...})
 * @param keyNormalised   {@code timed} with {@code keyToken} only: every piece is moved to C major or A minor before
 *                        training, the key token keeping the mode (absent from older settings: false)
 * @param pieces          train on this many of the training pieces only (0: all of them), picked in turn from each
 *                        composer of the manifest so a small run still hears every style; the held-out pieces stay
 *                        the same whatever the number (absent from older settings: 0)
 * @param styleToken      {@code timed} only: every piece with a composer in the corpus manifest opens with its style
 *                        ({@code <start> k:Am s:chopin ...}), so that 'generate --style' can ask for one
 * @param context         what one training sequence is: {@link Context#WINDOW} (windows from a zero state, the
 *                        default) or {@link Context#PIECE} (whole pieces, the LSTM state carried from window to window;
 *                        absent from older settings: window)
 * @param weightDecay     decoupled weight decay on the weights (not the biases), as a fraction of the learning rate per
 *                        step; 0 for none (absent from older settings: 0)
 * @param velocityJitter  {@code timed} with velocity bins only: every training window (with {@link Context#PIECE}:
 *                        every piece) has its velocity bins moved by -1, 0 or +1 (absent from older settings: off)
 */
public record TrainingSettings(String corpus, String encoding, String preset,
                               int embedding, int layers, int hidden, int dense, double dropout,
                               int window, int stride, int batch,
                               String updater, double learningRate, double clip,
                               int epochs, int patience, long seed, int transpose, double validationShare,
                               int threads, Mode mode, int maxBatches, boolean scaledInput, boolean batchNorm,
                               int velocityBins, boolean sustainPedal, boolean keyToken, boolean keyNormalised,
                               int pieces, boolean styleToken, Context context, double weightDecay,
                               boolean velocityJitter) {

    /** What the network trains on: windows each from a zero state, or whole pieces with the state carried. */
    public enum Context {
        /** Windows of {@code window} tokens, each starting from a zero state, in a shuffled order. */
        WINDOW,
        /**
         * Whole pieces: each batch row walks through one piece in consecutive windows, the LSTM state carried from one
         * window to the next (truncated back-propagation through time), as generation runs.
         */
        PIECE
    }

    /** How windows are turned into targets. */
    public enum Mode {
        /** The next token is a target at every step of the window. */
        MANY_TO_MANY,
        /** Only the token after the window is a target (the tutorial's scheme). */
        MANY_TO_ONE
    }

    public TrainingSettings {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(mode, "mode");
        require(embedding >= 1, "embedding must be at least 1");
        require(layers >= 1, "layers must be at least 1");
        require(hidden >= 1, "hidden must be at least 1");
        require(dense >= 0, "dense must be 0 (none) or positive");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        require(window >= 1, "window must be at least 1");
        require(stride >= 1, "stride must be at least 1");
        require(batch >= 1, "batch must be at least 1");
        require(learningRate > 0, "learning rate must be positive");
        require(clip >= 0, "clip must be 0 (none) or positive");
        require(epochs >= 1, "epochs must be at least 1");
        require(patience >= 0, "patience must be 0 (off) or positive");
        require(transpose >= 0 && transpose <= 12, "transpose must be 0..12 semitones");
        require(validationShare > 0 && validationShare < 1, "validation share must be between 0 and 1");
        require(threads >= 0 && threads <= 256, "threads must be 0 (default) to 256, got " + threads);
        require(maxBatches >= 0, "max batches must be 0 (all) or positive");
        require(!batchNorm || dense > 0, "batch normalisation (the tutorial's head) needs a dense layer (--dense N)");
        require(velocityBins >= 0 && velocityBins <= TimedEncoding.MAX_VELOCITY_BINS,
                "velocity bins must be 0 (off) to " + TimedEncoding.MAX_VELOCITY_BINS + ", got " + velocityBins);
        require(!keyNormalised || keyToken, "key normalisation needs the key token (it keeps the mode: k:C or k:Am)");
        require(pieces == 0 || pieces >= 1, "pieces must be 0 (all) or at least 1, got " + pieces);
        if (scaledInput) embedding = 1;
        if (context == null) context = Context.WINDOW; // settings.json from before the option
        require(weightDecay >= 0 && weightDecay < 1, "weight decay must be 0 (off) or in (0, 1), got " + weightDecay);
        require(!velocityJitter || velocityBins > 1, "velocity jitter needs velocity bins (--velocity-bins 2 or more)");
        require(context == Context.WINDOW || mode == Mode.MANY_TO_MANY,
                "training on whole pieces (--context piece) needs a target at every step (--mode MANY_TO_MANY)");
        makeUpdater(updater, learningRate);
    }

    /** Settings with windows from a zero state, no weight decay and no velocity jitter. */
    public TrainingSettings(String corpus, String encoding, String preset,
                            int embedding, int layers, int hidden, int dense, double dropout,
                            int window, int stride, int batch,
                            String updater, double learningRate, double clip,
                            int epochs, int patience, long seed, int transpose, double validationShare,
                            int threads, Mode mode, int maxBatches, boolean scaledInput, boolean batchNorm,
                            int velocityBins, boolean sustainPedal, boolean keyToken, boolean keyNormalised,
                            int pieces, boolean styleToken) {
        this(corpus, encoding, preset, embedding, layers, hidden, dense, dropout, window, stride, batch, updater,
                learningRate, clip, epochs, patience, seed, transpose, validationShare, threads, mode, maxBatches,
                scaledInput, batchNorm, velocityBins, sustainPedal, keyToken, keyNormalised, pieces, styleToken,
                Context.WINDOW, 0, false);
    }

    /**
     * Settings with the reading defaults of new runs: no velocity bins, the sustain pedal folded in for {@code timed}
     * (the other encodings ignore the pedal).
     */
    public TrainingSettings(String corpus, String encoding, String preset,
                            int embedding, int layers, int hidden, int dense, double dropout,
                            int window, int stride, int batch,
                            String updater, double learningRate, double clip,
                            int epochs, int patience, long seed, int transpose, double validationShare,
                            int threads, Mode mode, int maxBatches, boolean scaledInput, boolean batchNorm) {
        this(corpus, encoding, preset, embedding, layers, hidden, dense, dropout, window, stride, batch, updater,
                learningRate, clip, epochs, patience, seed, transpose, validationShare, threads, mode, maxBatches,
                scaledInput, batchNorm, 0, TimedEncoding.NAME.equals(encoding), false, false, 0, false);
    }

    /** Settings with Cadenza's own network: a learned embedding and no batch normalisation. */
    public TrainingSettings(String corpus, String encoding, String preset,
                            int embedding, int layers, int hidden, int dense, double dropout,
                            int window, int stride, int batch,
                            String updater, double learningRate, double clip,
                            int epochs, int patience, long seed, int transpose, double validationShare,
                            int threads, Mode mode, int maxBatches) {
        this(corpus, encoding, preset, embedding, layers, hidden, dense, dropout, window, stride, batch, updater,
                learningRate, clip, epochs, patience, seed, transpose, validationShare, threads, mode, maxBatches,
                false, false);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** A fresh DL4J updater for these settings. */
    public IUpdater updaterConfig() {
        return makeUpdater(updater, learningRate);
    }

    private static IUpdater makeUpdater(String updater, double learningRate) {
        Objects.requireNonNull(updater, "updater");
        return switch (updater.toLowerCase(Locale.ROOT)) {
            case "adam" -> new Adam(learningRate);
            case "rmsprop" -> new RmsProp(learningRate, 0.9, 1e-7); // Keras's decay and epsilon, as in the tutorial
            default -> throw new IllegalArgumentException("unknown updater '" + updater + "' (choose adam or rmsprop)");
        };
    }

    /** The same settings with other encoding options. */
    public TrainingSettings withEncodingOptions(int velocityBins, boolean sustainPedal, boolean keyToken) {
        return withEncodingOptions(velocityBins, sustainPedal, keyToken, false);
    }

    /** The same settings with other encoding options, key normalisation included. */
    public TrainingSettings withEncodingOptions(int velocityBins, boolean sustainPedal, boolean keyToken,
                                               boolean keyNormalised) {
        return toBuilder().velocityBins(velocityBins).sustainPedal(sustainPedal).keyToken(keyToken)
                .keyNormalised(keyNormalised).build();
    }

    /**
     * The encoding these settings train with, options included.
     *
     * @throws IllegalArgumentException when options are asked of an encoding that has none
     */
    public Encoding encodingWithOptions() {
        Encoding plain = Encodings.byName(encoding);
        if (plain instanceof TimedEncoding) {
            return new TimedEncoding(new TimedEncoding.Options(velocityBins, sustainPedal, keyToken, keyNormalised, styleToken));
        }
        if (velocityBins > 0) {
            throw new IllegalArgumentException("velocity bins work with the timed encoding only; use --velocity-bins 0 with '"
                    + plain.name() + "'");
        }
        if (keyNormalised) {
            throw new IllegalArgumentException("key normalisation (--key-normalise) works with the timed encoding only, not '"
                    + plain.name() + "'");
        }
        if (keyToken) throw new IllegalArgumentException("key tokens work with the timed encoding only, not '" + plain.name() + "'");
        if (styleToken) throw new IllegalArgumentException("style tokens work with the timed encoding only, not '" + plain.name() + "'");
        return plain; // classic and merged ignore the pedal, as the tutorial did
    }

    public NetworkShape shape(int vocabularySize) {
        return new NetworkShape(vocabularySize, embedding, layers, hidden, dense, dropout, scaledInput, batchNorm);
    }

    /**
     * What a resumed run may not change, because the checkpoint or the data order depend on it. Epochs, patience,
     * threads and max batches may change.
     *
     * @return one line per difference, empty when {@code other} can continue this run
     */
    public List<String> incompatibilities(TrainingSettings other) {
        List<String> out = new ArrayList<>();
        diff(out, "encoding", encoding, other.encoding);
        diff(out, "embedding", embedding, other.embedding);
        diff(out, "layers", layers, other.layers);
        diff(out, "hidden", hidden, other.hidden);
        diff(out, "dense", dense, other.dense);
        diff(out, "dropout", dropout, other.dropout);
        diff(out, "window", window, other.window);
        diff(out, "stride", stride, other.stride);
        diff(out, "batch", batch, other.batch);
        diff(out, "updater", updater.toLowerCase(Locale.ROOT), other.updater.toLowerCase(Locale.ROOT));
        diff(out, "learning rate", learningRate, other.learningRate);
        diff(out, "clip", clip, other.clip);
        diff(out, "seed", seed, other.seed);
        diff(out, "transpose", transpose, other.transpose);
        diff(out, "validation share", validationShare, other.validationShare);
        diff(out, "mode", mode, other.mode);
        diff(out, "scaled input", scaledInput, other.scaledInput);
        diff(out, "batch normalisation", batchNorm, other.batchNorm);
        diff(out, "velocity bins", velocityBins, other.velocityBins);
        diff(out, "sustain pedal", sustainPedal, other.sustainPedal);
        diff(out, "key token", keyToken, other.keyToken);
        diff(out, "key normalisation", keyNormalised, other.keyNormalised);
        diff(out, "pieces", pieces, other.pieces);
        diff(out, "style token", styleToken, other.styleToken);
        diff(out, "context", context, other.context);
        diff(out, "weight decay", weightDecay, other.weightDecay);
        diff(out, "velocity jitter", velocityJitter, other.velocityJitter);
        return out;
    }

    private static void diff(List<String> out, String name, Object was, Object now) {
        if (!Objects.equals(was, now)) out.add(name + " was " + was + ", now " + now);
    }

    /**
     * The same settings with {@code e}'s name and options (velocity bins, pedal, key token), as token shards record
     * them; transposition is kept for the timed encoding only.
     */
    public TrainingSettings withEncoding(Encoding e) {
        TimedEncoding.Options o = e instanceof TimedEncoding timed ? timed.timedOptions() : null;
        return toBuilder().encoding(e.name()).transpose(o == null ? 0 : transpose).velocityBins(o == null ? 0 : o.velocityBins())
                .sustainPedal(o != null && o.sustainPedal()).keyToken(o != null && o.keyToken())
                .keyNormalised(o != null && o.keyNormalised()).build();
    }

    public TrainingSettings withCorpus(String newCorpus) {
        return toBuilder().corpus(newCorpus).build();
    }

    public TrainingSettings withEpochs(int newEpochs) {
        return toBuilder().epochs(newEpochs).build();
    }

    /**
     * A builder with nothing set but the encoding (the default), the updater ({@code adam}), the mode
     * ({@link Mode#MANY_TO_MANY}) and the validation share (0.1): every other setting is to be named (a preset's).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings: change a few, keep the rest. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds {@link TrainingSettings} by name, one setting at a time, from a preset or saved settings
     * ({@link #toBuilder}); {@link #build} checks them all.
     */
    public static final class Builder {
        private String corpus;
        private String encoding;
        private String preset;
        private int embedding;
        private int layers;
        private int hidden;
        private int dense;
        private double dropout;
        private int window;
        private int stride;
        private int batch;
        private String updater;
        private double learningRate;
        private double clip;
        private int epochs;
        private int patience;
        private long seed;
        private int transpose;
        private double validationShare;
        private int threads;
        private Mode mode;
        private int maxBatches;
        private boolean scaledInput;
        private boolean batchNorm;
        private int velocityBins;
        private Boolean sustainPedal; // null: folded in for timed, which alone reads the pedal
        private boolean keyToken;
        private boolean keyNormalised;
        private int pieces;
        private boolean styleToken;
        private Context context = Context.WINDOW;
        private double weightDecay;
        private boolean velocityJitter;

        private Builder() {
            encoding = Encodings.DEFAULT;
            updater = "adam";
            mode = Mode.MANY_TO_MANY;
            validationShare = 0.1;
        }

        private Builder(TrainingSettings s) {
            corpus = s.corpus;
            encoding = s.encoding;
            preset = s.preset;
            embedding = s.embedding;
            layers = s.layers;
            hidden = s.hidden;
            dense = s.dense;
            dropout = s.dropout;
            window = s.window;
            stride = s.stride;
            batch = s.batch;
            updater = s.updater;
            learningRate = s.learningRate;
            clip = s.clip;
            epochs = s.epochs;
            patience = s.patience;
            seed = s.seed;
            transpose = s.transpose;
            validationShare = s.validationShare;
            threads = s.threads;
            mode = s.mode;
            maxBatches = s.maxBatches;
            scaledInput = s.scaledInput;
            batchNorm = s.batchNorm;
            velocityBins = s.velocityBins;
            sustainPedal = s.sustainPedal;
            keyToken = s.keyToken;
            keyNormalised = s.keyNormalised;
            pieces = s.pieces;
            styleToken = s.styleToken;
            context = s.context;
            weightDecay = s.weightDecay;
            velocityJitter = s.velocityJitter;
        }

        public Builder corpus(String value) {
            corpus = value;
            return this;
        }

        public Builder encoding(String value) {
            encoding = value;
            return this;
        }

        public Builder preset(String value) {
            preset = value;
            return this;
        }

        public Builder embedding(int value) {
            embedding = value;
            return this;
        }

        public Builder layers(int value) {
            layers = value;
            return this;
        }

        public Builder hidden(int value) {
            hidden = value;
            return this;
        }

        public Builder dense(int value) {
            dense = value;
            return this;
        }

        public Builder dropout(double value) {
            dropout = value;
            return this;
        }

        public Builder window(int value) {
            window = value;
            return this;
        }

        public Builder stride(int value) {
            stride = value;
            return this;
        }

        public Builder batch(int value) {
            batch = value;
            return this;
        }

        public Builder updater(String value) {
            updater = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder clip(double value) {
            clip = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder patience(int value) {
            patience = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder transpose(int value) {
            transpose = value;
            return this;
        }

        public Builder validationShare(double value) {
            validationShare = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        public Builder maxBatches(int value) {
            maxBatches = value;
            return this;
        }

        public Builder scaledInput(boolean value) {
            scaledInput = value;
            return this;
        }

        public Builder batchNorm(boolean value) {
            batchNorm = value;
            return this;
        }

        public Builder velocityBins(int value) {
            velocityBins = value;
            return this;
        }

        public Builder sustainPedal(Boolean value) {
            sustainPedal = value;
            return this;
        }

        public Builder keyToken(boolean value) {
            keyToken = value;
            return this;
        }

        public Builder keyNormalised(boolean value) {
            keyNormalised = value;
            return this;
        }

        public Builder pieces(int value) {
            pieces = value;
            return this;
        }

        public Builder styleToken(boolean value) {
            styleToken = value;
            return this;
        }

        public Builder context(Context value) {
            context = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder velocityJitter(boolean value) {
            velocityJitter = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public TrainingSettings build() {
            return new TrainingSettings(corpus, encoding, preset, embedding, layers, hidden, dense, dropout, window, stride,
                    batch, updater, learningRate, clip, epochs, patience, seed, transpose, validationShare, threads,
                    mode, maxBatches, scaledInput, batchNorm, velocityBins,
                    sustainPedal != null ? sustainPedal : TimedEncoding.NAME.equals(encoding), keyToken, keyNormalised,
                    pieces, styleToken, context, weightDecay, velocityJitter);
        }
    }
}

