package dev.cadenza.trainer;

/**
 * The sizes of Cadenza's network. The layer structure is fixed (the exporter relies on it):
 * <ol start="0">
 *   <li>EmbeddingSequenceLayer: token id to a vector of {@code embedding} floats (no bias). With
 *       {@code scaledInput} it is the tutorial's input instead: one float per step, id / vocabulary, held in a
 *       1-wide table that training never changes (so the exporter and runtimes see an ordinary lookup);</li>
 *   <li>{@code layers} LSTM layers of {@code hidden} units each (tanh; DL4J's LSTM, no peepholes);</li>
 *   <li>with {@code batchNorm}: a BatchNormalization layer over the LSTM output;</li>
 *   <li>if {@code dense > 0}: a DenseLayer of {@code dense} ReLU units (with {@code batchNorm}: dropout on its input);</li>
 *   <li>with {@code batchNorm}: a BatchNormalization layer over the dense output;</li>
 *   <li>RnnOutputLayer: softmax over the vocabulary, with dropout {@code dropout} on its input while training.</li>
 * </ol>
 *
 * @param vocabulary  number of token ids
 * @param dropout     probability of dropping a unit while training (0 for none); inference never drops
 * @param scaledInput the tutorial's scaled scalar input instead of a learned embedding (embedding is then 1)
 * @param batchNorm   the tutorial's head: batch normalisation after the LSTMs and after the dense layer
 */
public record NetworkShape(int vocabulary, int embedding, int layers, int hidden, int dense, double dropout,
                           boolean scaledInput, boolean batchNorm) {
    public NetworkShape(int vocabulary, int embedding, int layers, int hidden, int dense, double dropout) {
        this(vocabulary, embedding, layers, hidden, dense, dropout, false, false);
    }

    public NetworkShape {
        if (scaledInput) embedding = 1;
        if (batchNorm && dense < 1) throw new IllegalArgumentException("batch normalisation needs a dense layer");
        if (vocabulary < 2) throw new IllegalArgumentException("vocabulary must have at least 2 tokens, has " + vocabulary);
        if (embedding < 1 || layers < 1 || hidden < 1) throw new IllegalArgumentException("embedding, layers and hidden must be positive");
        if (dense < 0) throw new IllegalArgumentException("dense must be 0 (none) or positive");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
    }

    /** Trainable parameters of the DL4J network of this shape (LSTM: input and recurrent weights and one bias). */
    public long parameters() {
        long h = hidden;
        long n = (long) vocabulary * embedding;
        for (int l = 0; l < layers; l++) n += 4 * h * ((l == 0 ? embedding : h) + h + 1);
        long last = h;
        if (dense > 0) {
            n += h * dense + dense;
            last = dense;
        }
        return n + last * vocabulary + vocabulary;
    }

    /** The largest layer width: no layer of a checkpoint of this network may claim more inputs or outputs. */
    public int widest() {
        return Math.max(Math.max(vocabulary, embedding), Math.max(hidden, dense));
    }

    public boolean hasDense() {
        return dense > 0;
    }

    /** Index of the first LSTM layer in the DL4J network. */
    public int firstLstmIndex() {
        return 1;
    }

    public int denseIndex() {
        return hasDense() ? 1 + layers + (batchNorm ? 1 : 0) : -1;
    }

    public int outputIndex() {
        return 1 + layers + (hasDense() ? 1 : 0) + (batchNorm ? 2 : 0);
    }
}
