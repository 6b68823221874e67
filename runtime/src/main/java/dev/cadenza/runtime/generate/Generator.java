package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;

/**
 * Generates music with a model: the one entry point for commands, the benchmark and a server. It owns an opened
 * {@link StepModel} and the model's {@link Tokenizer}; each request's {@link Decoding} chooses its {@link Decoder}
 * (unless the generator was made over one) and {@link PieceRows} makes its rows.
 *
 * <pre>{@code
 * try (Generator g = Generator.open(ModelSpec.of(Path.of("models/default.onnx")))) {
 *     GenerationResult r = g.generate(GenerationRequest.of(4, 500).withSeed(7));
 *     for (GenerationResult.Generated p : r.pieces()) new MidiWriter().write(p.music(), Path.of(p.title() + ".mid"));
 * }
 * }</pre>
 *
 * <p>Not thread-safe (a step model is not): one generator per thread, or a server's single batching thread.
 */
public final class Generator implements AutoCloseable {
    private final StepModel model;
    private final ModelMetadata metadata;
    private final Tokenizer tokenizer;
    private final PieceRows pieceRows;
    private final Decoder decoder; // null: each request's Decoding chooses
    private final boolean ownsModel;

    private Generator(StepModel model, ModelMetadata metadata, Decoder decoder, boolean ownsModel) {
        this.model = model;
        this.metadata = metadata;
        this.tokenizer = new Tokenizer(metadata.vocabulary());
        this.pieceRows = new PieceRows(tokenizer);
        this.decoder = decoder;
        this.ownsModel = ownsModel;
    }

    /**
     * Opens the model the spec names; {@link #close()} closes it.
     *
     * @throws ModelFileException when the file is missing or not a usable Cadenza model, or the backend reads no
     *                            model metadata (a vocabulary is needed to decode)
     * @throws IOException        when something else the backend reads cannot be read
     */
    public static Generator open(ModelSpec spec) throws IOException, ModelFileException {
        StepModel model = StepModels.open(spec.backendSpec());
        ModelMetadata metadata = model.modelMetadata().orElse(null);
        if (metadata == null) {
            model.close();
            throw new ModelFileException(spec.model(), "the " + spec.backend()
                    + " backend reads no Cadenza metadata (vocabulary, tempo); generate from an .onnx model");
        }
        return new Generator(model, metadata, null, true);
    }

    /** A generator over a model the caller keeps and closes, decoding every request with {@code decoder}. */
    public static Generator over(StepModel model, ModelMetadata metadata, Decoder decoder) {
        if (decoder == null) throw new IllegalArgumentException("a decoder is required");
        return new Generator(model, metadata, decoder, false);
    }

    /** A generator over a model the caller keeps and closes; each request's {@link Decoding} chooses its decoder. */
    public static Generator over(StepModel model, ModelMetadata metadata) {
        return new Generator(model, metadata, null, false);
    }

    /** What the model file says about itself: vocabulary, shape, tempo, variant. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The model's tokenizer: its encoding and vocabulary, to encode primers and decode pieces. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** How far a stream of this model's ids has got in music (for {@link RowRequest#until} limits). */
    public MusicClock clock() {
        return pieceRows.clock();
    }

    /** The model's row factory: primers and rows of a {@link Decoding}, as every path builds them. */
    public PieceRows pieceRows() {
        return pieceRows;
    }

    /** The step model, e.g. to drive a {@link DecodeBatch} directly (a server's continuous batching). */
    public StepModel model() {
        return model;
    }

    /** See {@link #generate(GenerationRequest, GenerationListener)}. */
    public GenerationResult generate(GenerationRequest request) throws IOException, MidiFileException {
        return generate(request, GenerationListener.NONE);
    }

    /**
     * Builds the primers, decodes every piece, and decodes the ids to music.
     *
     * @throws MidiFileException when the primer file is not usable MIDI, naming it
     * @throws IOException       when a primer file or folder cannot be read
     */
    public GenerationResult generate(GenerationRequest request, GenerationListener listener)
            throws IOException, MidiFileException {
        return generate(request, 0, request.count(), listener);
    }

    /**
     * Pieces {@code from} (inclusive) to {@code to} (exclusive) of {@code request}, each the very piece
     * {@link #generate(GenerationRequest, GenerationListener)} makes at its index (a piece's primer and random stream
     * depend on its index and the seed alone): a large request can be split across threads or machines.
     */
    public GenerationResult generate(GenerationRequest request, int from, int to, GenerationListener listener)
            throws IOException, MidiFileException {
        if (from < 0 || to > request.count() || from >= to) {
            throw new IllegalArgumentException("pieces " + from + ".." + to + " are not a part of " + request.count());
        }
        // Piece i's primer depends on the seed and i alone: the first 'to' primers, of which this part takes its own.
        List<Primer> primers = pieceRows.primers(to, request.decoding(), request.primer()).subList(from, to);
        double bpm = request.tempoBpm() != null ? request.tempoBpm() : metadata.tempoBpm();
        Decoding decoding = request.decoding();
        List<RowRequest> rows = pieceRows.rows(decoding, primers, bpm, from);
        Decoder chosen = decoder != null ? decoder : decoding.decoder();
        long t0 = System.nanoTime();
        List<GeneratedPiece> pieces = chosen.decode(model, rows, listener);
        long nanos = System.nanoTime() - t0;
        List<GenerationResult.Generated> out = new ArrayList<>(pieces.size());
        for (GeneratedPiece p : pieces) {
            String title = String.format("%s-%02d", request.title(), p.index() + 1);
            Primer primer = primers.get(p.index() - from);
            out.add(new GenerationResult.Generated(title, p, primer, primer.place(tokenizer.decode(title, p.allIds(), bpm))));
        }
        return new GenerationResult(out, model.backendName(), bpm, nanos);
    }

    /**
     * Rows with their own primers, settings and streams, decoded together (with the generator's decoder, else by
     * sampling); pieces in the order of {@code rows}.
     */
    public List<GeneratedPiece> generate(List<RowRequest> rows, GenerationListener listener) {
        return (decoder != null ? decoder : new SamplingDecoder()).decode(model, rows, listener);
    }

    /**
     * The request's primers, one per piece.
     *
     * @throws SettingException when the request asks for a key, style or key steering the model cannot take
     */
    public List<Primer> primers(GenerationRequest request) throws IOException, MidiFileException {
        return pieceRows.primers(request.count(), request.decoding(), request.primer());
    }

    @Override
    public void close() {
        if (ownsModel) model.close();
    }
}
