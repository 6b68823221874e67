package dev.cadenza.runtime.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;

/**
 * Generates music with a model: the one entry point for commands, the benchmark and a server. It owns an opened
 * {@link StepModel}, the model's {@link Tokenizer} and a {@link Decoder} (by default {@link SamplingDecoder}).
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
    private final MusicClock clock;
    private final Decoder decoder;
    private final boolean ownsModel;

    private Generator(StepModel model, ModelMetadata metadata, Decoder decoder, boolean ownsModel) {
        this.model = model;
        this.metadata = metadata;
        this.tokenizer = new Tokenizer(metadata.vocabulary());
        this.clock = MusicClock.of(tokenizer);
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
        return new Generator(model, metadata, new SamplingDecoder(), true);
    }

    /** A generator over a model the caller keeps and closes, decoding with {@code decoder}. */
    public static Generator over(StepModel model, ModelMetadata metadata, Decoder decoder) {
        return new Generator(model, metadata, decoder, false);
    }

    /** A generator over a model the caller keeps and closes, with the sampling decoder. */
    public static Generator over(StepModel model, ModelMetadata metadata) {
        return over(model, metadata, new SamplingDecoder());
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
        return clock;
    }

    /** The step model, e.g. to drive a {@link DecodeBatch} directly (a server's continuous batching). */
    public StepModel model() {
        return model;
    }

    /**
     * A step engine over this generator's model, for callers that admit and retire rows themselves between steps
     * (a server's continuous batching). Drive it from one thread; do not interleave it with {@link #generate} calls.
     */
    public DecodeBatch newBatch(GenerationListener listener) {
        return new DecodeBatch(model, DecodeBatch.Shrink.LAZY, listener);
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
        List<Primer> primers = primers(request);
        double bpm = request.tempoBpm() != null ? request.tempoBpm() : metadata.tempoBpm();
        List<RowRequest> rows = new ArrayList<>(request.count());
        for (int i = 0; i < request.count(); i++) {
            int[] primer = primers.get(i).ids();
            rows.add(RowRequest.of(i, primer, request.sampling(), request.seed(), request.maxTokens())
                    .withUntil(request.musicLength().limit(clock, clock.quarters(primer), bpm))
                    .withNoRepeatNgram(request.noRepeatNgram())
                    .withTokenWeights(KeyBias.weights(tokenizer.vocabulary(), primer, request.keyStrength())));
        }
        long t0 = System.nanoTime();
        List<GeneratedPiece> pieces = generate(rows, listener);
        long nanos = System.nanoTime() - t0;
        List<GenerationResult.Generated> out = new ArrayList<>(pieces.size());
        for (GeneratedPiece p : pieces) {
            String title = String.format("%s-%02d", request.title(), p.index() + 1);
            Primer primer = primers.get(p.index());
            out.add(new GenerationResult.Generated(title, p, primer, primer.place(tokenizer.decode(title, p.allIds(), bpm))));
        }
        return new GenerationResult(out, model.backendName(), bpm, nanos);
    }

    /** Rows with their own primers, settings and streams, decoded together; pieces in the order of {@code rows}. */
    public List<GeneratedPiece> generate(List<RowRequest> rows, GenerationListener listener) {
        return decoder.decode(model, rows, listener);
    }

    /** The request's primers, one per piece. */
    public List<Primer> primers(GenerationRequest request) throws IOException, MidiFileException {
        int count = request.count();
        PrimerChoice choice = request.primer();
        if (choice instanceof PrimerChoice.MidiFile f) return Collections.nCopies(count, Primers.fromFile(f.file(), tokenizer));
        if (choice instanceof PrimerChoice.CorpusWindows c) {
            return Primers.fromCorpus(c.folder(), tokenizer, count, c.length(), request.seed());
        }
        if (choice instanceof PrimerChoice.StartInKey k) return Primers.starts(tokenizer, count, request.seed(), k.key());
        return Primers.starts(tokenizer, count, request.seed(), null);
    }

    @Override
    public void close() {
        if (ownsModel) model.close();
    }
}
