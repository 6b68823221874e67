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
 * Writes a trained network as ONNX files and proves them: both variants are written to temporary files next to
 * the targets, checked for parity against DL4J ({@link ParityCheck}), and only then renamed into place. A failed
 * check leaves no file behind and an existing target untouched.
 */
public final class ModelExporter {
    private ModelExporter() {
    }

    /**
     * @param metadata describes the network and its vocabulary; its variant is set per file
     * @param out      the target for the lstm variant (or for the portable one with {@link Variant#PORTABLE})
     * @param windows  token windows for the parity check
     * @param force    replace existing files
     */
    public record Request(MultiLayerNetwork network, ModelMetadata metadata, Path out, Variant variant, List<int[]> windows,
                          boolean force) {
    }

    /** The files written (variant to path, with their sizes) and the parity measured before writing them. */
    public record Result(Map<String, Path> files, Map<String, Long> sizes, ParityReport parity, long parameters) {
    }

    /** Where the portable file goes when both variants are written: NAME.onnx -> NAME.portable.onnx. */
    public static Path portableSibling(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(stem + ".portable.onnx");
    }

    /** The target files of a request, by variant name. */
    public static Map<String, Path> targets(Path out, Variant variant) {
        Map<String, Path> targets = new LinkedHashMap<>();
        switch (variant) {
            case LSTM -> targets.put(ModelVariant.LSTM.id(), out);
            case PORTABLE -> targets.put(ModelVariant.PORTABLE.id(), out);
            case BOTH -> {
                targets.put(ModelVariant.LSTM.id(), out);
                targets.put(ModelVariant.PORTABLE.id(), portableSibling(out));
            }
        }
        return targets;
    }

    public static Result export(Request request) throws ExportException {
        Map<String, Path> targets = targets(request.out(), request.variant());
        for (Path target : targets.values()) {
            if (Files.exists(target) && !request.force()) {
                throw new ExportException(target + ": already exists (use --force to replace it)");
            }
            if (Files.isDirectory(target)) throw new ExportException(target + ": is a folder, not a file name");
        }
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
            Path lstm = temp(dir, request.out(), temps);
            Path portable = temp(dir, request.out(), temps);
            // Each file records the SHA-256 of its graph, so a later change to its weights is caught on load.
            write(lstm, ModelDigest.stamp(LstmGraphBuilder.build(weights, meta.withVariant(ModelVariant.LSTM)).toByteArray()));
            write(portable, ModelDigest.stamp(PortableGraphBuilder.build(weights, meta.withVariant(ModelVariant.PORTABLE)).toByteArray()));

            ParityReport parity;
            try {
                parity = ParityCheck.run(request.network(), meta, request.windows(), lstm, portable);
            } catch (ModelFileException | RuntimeException e) {
                throw new ExportException("parity check could not run: " + e.getMessage(), e);
            }
            if (!parity.passed()) {
                throw new ParityException(parity);
            }
            Map<String, Path> files = new LinkedHashMap<>();
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (Map.Entry<String, Path> t : targets.entrySet()) {
                Path source = t.getKey().equals(ModelVariant.LSTM.id()) ? lstm : portable;
                long size = Files.size(source);
                AtomicFiles.moveIntoPlace(source, t.getValue());
                files.put(t.getKey(), t.getValue());
                sizes.put(t.getKey(), size);
            }
            return new Result(files, sizes, parity, weights.parameterCount());
        } catch (IOException e) {
            throw new ExportException(request.out() + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // a stray temp file is harmless; the real failure, if any, is already on its way up
                }
            }
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
        Path t = dir.resolve("." + out.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        Files.createFile(t);
        temps.add(t);
        return t;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }
}
