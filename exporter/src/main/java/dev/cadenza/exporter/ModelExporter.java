package dev.cadenza.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes a trained network as ONNX files and proves them: the float variants are written to temporary files next to
 * the targets, checked for parity against DL4J ({@link ParityCheck}), the int8 variant is checked for quality
 * against the float lstm file ({@link QualityCheck}), and only then are the files renamed into place. A failed check
 * leaves no file behind and an existing target untouched.
 */
public final class ModelExporter {
    private ModelExporter() {
    }

    /**
     * @param metadata describes the network and its vocabulary; its variant is set per file
     * @param out      the target for the lstm variant (or for the portable one with {@link Variant#PORTABLE})
     * @param windows  token windows for the parity check
     * @param force    replace existing files
     * @param sameDiff also prove the portable file in SameDiff (slow: most of a minute; off unless asked)
     */
    public record Request(MultiLayerNetwork network, ModelMetadata metadata, Path out, Variant variant, List<int[]> windows,
                          boolean force, Quantisation quantisation, boolean sameDiff) {
        /** Without the SameDiff check. */
        public Request(MultiLayerNetwork network, ModelMetadata metadata, Path out, Variant variant, List<int[]> windows,
                       boolean force, Quantisation quantisation) {
            this(network, metadata, out, variant, windows, force, quantisation, false);
        }

        /** With the project's int8 quantisation, its quality checked on the parity windows; without SameDiff. */
        public Request(MultiLayerNetwork network, ModelMetadata metadata, Path out, Variant variant, List<int[]> windows,
                       boolean force) {
            this(network, metadata, out, variant, windows, force, Quantisation.standard(windows));
        }

        /** The same request with another quantisation. */
        public Request withQuantisation(Quantisation other) {
            return new Request(network, metadata, out, variant, windows, force, other, sameDiff);
        }

        /** The same request with the SameDiff check on. */
        public Request withSameDiff() {
            return new Request(network, metadata, out, variant, windows, force, quantisation, true);
        }
    }

    /** How many stages {@link #export(Request, java.util.function.Consumer)} reports, for a progress bar's total. */
    public static int stageCount(Request request) {
        boolean int8 = request.variant() == Variant.INT8 || request.variant() == Variant.BOTH;
        return 1 + ParityCheck.stageCount(request.sameDiff()) + (int8 ? 1 : 0) + 1;
    }

    /**
     * How the int8 variant is made and judged.
     *
     * @param windows validation windows for the quality check (more than the parity check's: agreement is a share)
     */
    public record Quantisation(int levels, List<int[]> windows, QualityCheck.Thresholds thresholds) {
        public static Quantisation standard(List<int[]> windows) {
            return new Quantisation(Int8Quantizer.INT8.levels(), windows, QualityCheck.Thresholds.DEFAULT);
        }
    }

    /**
     * The files written (variant to path, with their sizes), the parity measured before writing them (null when the
     * float weights came from an ONNX file, not a network) and the int8 quality (null without an int8 file).
     */
    public record Result(Map<String, Path> files, Map<String, Long> sizes, ParityReport parity, QualityReport quality,
                         long parameters) {
    }

    /** Where the portable file goes when both variants are written: NAME.onnx -> NAME.portable.onnx. */
    public static Path portableSibling(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(stem + ".portable.onnx");
    }

    /** Where the int8 file goes beside a float model: NAME.onnx -> NAME.int8.onnx (what bench and generate look for). */
    public static Path int8Sibling(Path out) {
        return dev.cadenza.runtime.onnx.OnnxInt8StepModelProvider.int8Beside(out);
    }

    /** The target files of a request, by variant name. With {@link Variant#INT8} alone, {@code out} is the int8 file. */
    public static Map<String, Path> targets(Path out, Variant variant) {
        Map<String, Path> targets = new LinkedHashMap<>();
        switch (variant) {
            case LSTM -> targets.put(ModelVariant.LSTM.id(), out);
            case PORTABLE -> targets.put(ModelVariant.PORTABLE.id(), out);
            case INT8 -> targets.put(ModelVariant.INT8.id(), out);
            case BOTH -> {
                targets.put(ModelVariant.LSTM.id(), out);
                targets.put(ModelVariant.PORTABLE.id(), portableSibling(out));
                targets.put(ModelVariant.INT8.id(), int8Sibling(out));
            }
        }
        return targets;
    }

    public static Result export(Request request) throws ExportException {
        return export(request, stage -> { });
    }

    /**
     * As {@link #export(Request)}, telling {@code stages} the name of each slow stage as it starts (for a progress
     * bar): building the graphs, the parity check, the int8 quality check when asked, and moving files into place.
     */
    public static Result export(Request request, java.util.function.Consumer<String> stages) throws ExportException {
        Map<String, Path> targets = targets(request.out(), request.variant());
        refuseExisting(targets, request.force());
        NetworkWeights weights;
        try {
            weights = NetworkWeights.of(request.network());
        } catch (IllegalArgumentException e) {
            throw new ExportException("the network does not have Cadenza's layer structure: " + e.getMessage(), e);
        }
        ModelMetadata meta = request.metadata();
        checkSizes(weights, meta);

        Path dir = request.out().toAbsolutePath().getParent();
        List<Path> temps = new ArrayList<>();
        try {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ExportException(dir + ": cannot create the output folder (" + e.getMessage() + ")", e);
            }
            if (!Files.isWritable(dir)) throw new ExportException(dir + ": the output folder is not writable");
            Map<String, Path> written = new LinkedHashMap<>();
            stages.accept("building ONNX graphs");
            Path lstm = temp(dir, request.out(), temps);
            Path portable = temp(dir, request.out(), temps);
            // Each file records the SHA-256 of its graph, so a later change to its weights is caught on load.
            write(lstm, ModelDigest.stamp(LstmGraphBuilder.build(weights, meta.withVariant(ModelVariant.LSTM)).toByteArray()));
            write(portable, ModelDigest.stamp(PortableGraphBuilder.build(weights, meta.withVariant(ModelVariant.PORTABLE)).toByteArray()));
            written.put(ModelVariant.LSTM.id(), lstm);
            written.put(ModelVariant.PORTABLE.id(), portable);

            ParityReport parity;
            try {
                parity = ParityCheck.run(request.network(), meta, request.windows(), lstm, portable, request.sameDiff(),
                        stages);
            } catch (ModelFileException | RuntimeException e) {
                throw new ExportException("parity check could not run: " + e.getMessage(), e);
            }
            if (!parity.passed()) {
                throw new ParityException(parity);
            }
            QualityReport quality = null;
            if (targets.containsKey(ModelVariant.INT8.id())) {
                Path int8 = temp(dir, request.out(), temps);
                stages.accept("int8 quality check");
                quality = quantise(weights, meta, lstm, int8, request.quantisation());
                written.put(ModelVariant.INT8.id(), int8);
            }
            stages.accept("writing");
            return moveIntoPlace(targets, written, parity, quality, weights.parameterCount());
        } catch (IOException e) {
            throw new ExportException(request.out() + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            deleteAll(temps);
        }
    }

    /**
     * Writes the int8 variant of an exported float ({@code lstm}) model, for a model whose training run is not at
     * hand (the shipped one): its weights are read back from the file, quantised, and checked for quality against
     * the file itself.
     *
     * @param out where the int8 file goes (usually {@link #int8Sibling})
     */
    public static Result quantise(Path floatModel, Path out, Quantisation quantisation, boolean force) throws ExportException {
        Map<String, Path> targets = targets(out, Variant.INT8);
        refuseExisting(targets, force);
        ModelMetadata meta;
        NetworkWeights weights;
        try {
            OnnxModelFile file = OnnxModelFile.read(floatModel);
            meta = ModelFileCheck.check(file);
            if (meta.variant() != ModelVariant.LSTM) {
                throw new ExportException(floatModel + ": is the " + meta.variant() + " variant; quantise the lstm one");
            }
            weights = NetworkWeights.of(file, meta);
        } catch (dev.cadenza.runtime.model.ModelFileException e) {
            throw new ExportException(e.getMessage(), e);
        }
        Path dir = out.toAbsolutePath().getParent();
        List<Path> temps = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path int8 = temp(dir, out, temps);
            QualityReport quality = quantise(weights, meta, floatModel, int8, quantisation);
            return moveIntoPlace(targets, Map.of(ModelVariant.INT8.id(), int8), null, quality, weights.parameterCount());
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            deleteAll(temps);
        }
    }

    /** Builds the int8 file into {@code int8} and checks it against {@code floatFile}; throws when it misses. */
    private static QualityReport quantise(NetworkWeights weights, ModelMetadata meta, Path floatFile, Path int8,
                                          Quantisation quantisation) throws ExportException, IOException {
        Int8Quantizer quantizer = new Int8Quantizer(quantisation.levels());
        write(int8, ModelDigest.stamp(LstmGraphBuilder.buildInt8(weights, meta.withVariant(ModelVariant.INT8), quantizer).toByteArray()));
        QualityReport quality;
        try {
            quality = QualityCheck.run(floatFile, int8, quantisation.windows(), quantisation.thresholds());
        } catch (ModelFileException | RuntimeException e) {
            throw new ExportException("int8 quality check could not run: " + e.getMessage(), e);
        }
        if (!quality.passed()) throw new QualityException(quality);
        return quality;
    }

    private static Result moveIntoPlace(Map<String, Path> targets, Map<String, Path> written, ParityReport parity,
                                        QualityReport quality, long parameters) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, Path> t : targets.entrySet()) {
            Path source = written.get(t.getKey());
            long size = Files.size(source);
            AtomicFiles.moveIntoPlace(source, t.getValue());
            files.put(t.getKey(), t.getValue());
            sizes.put(t.getKey(), size);
        }
        return new Result(files, sizes, parity, quality, parameters);
    }

    private static void refuseExisting(Map<String, Path> targets, boolean force) throws ExportException {
        for (Path target : targets.values()) {
            if (Files.exists(target) && !force) {
                throw new ExportException(target + ": already exists (use --force to replace it)");
            }
            if (Files.isDirectory(target)) throw new ExportException(target + ": is a folder, not a file name");
        }
    }

    private static void deleteAll(List<Path> temps) {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // a stray temp file is harmless; the real failure, if any, is already on its way up
            }
        }
    }

    /** An int8 file that missed the quality thresholds; carries the report so callers can print the figures. */
    public static final class QualityException extends ExportException {
        private final transient QualityReport report;

        QualityException(QualityReport report) {
            super(String.format("int8 quality check failed (%s: NLL %+.3f %% from fp32, top-1 agreement %.2f %%; need within %.1f %% and "
                            + ">= %.1f %%); no file written", report.worst().how(), 100 * report.worst().relativeNll(),
                    100 * report.worst().agreement(), 100 * report.maxRelativeNll(), 100 * report.minTopOneAgreement()));
            this.report = report;
        }

        public QualityReport report() {
            return report;
        }
    }

    /** A parity check that failed; carries the report so callers can print the figures. */
    public static final class ParityException extends ExportException {
        private final transient ParityReport report;

        ParityException(ParityReport report) {
            super(String.format("parity check failed (max |diff| %.3e > %.0e); no file written", report.maxDifference(),
                    report.tolerance()));
            this.report = report;
        }

        public ParityReport report() {
            return report;
        }
    }

    private static void checkSizes(NetworkWeights w, ModelMetadata m) throws ExportException {
        List<String> wrong = new ArrayList<>();
        if (w.vocabulary() != m.vocabulary().size()) wrong.add("vocabulary " + m.vocabulary().size() + " vs network " + w.vocabulary());
        if (w.embeddingSize() != m.embedding()) wrong.add("embedding " + m.embedding() + " vs network " + w.embeddingSize());
        if (w.layers() != m.layers()) wrong.add("layers " + m.layers() + " vs network " + w.layers());
        if (w.hidden() != m.hidden()) wrong.add("hidden " + m.hidden() + " vs network " + w.hidden());
        if (w.denseSize() != m.dense()) wrong.add("dense " + m.dense() + " vs network " + w.denseSize());
        if (!wrong.isEmpty()) throw new ExportException("the metadata disagrees with the network: " + String.join(", ", wrong));
    }

    private static Path temp(Path dir, Path out, List<Path> temps) throws IOException {
        // A plain new file, not createTempFile, whose owner-only permissions would stick to the shipped model.
        Path t = AtomicFiles.tempFor(dir.resolve(out.getFileName()));
        Files.createFile(t);
        temps.add(t);
        return t;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }
}
