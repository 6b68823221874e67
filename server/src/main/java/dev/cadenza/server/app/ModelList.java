package dev.cadenza.server.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cadenza.app.options.ModelOption;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.server.ModelSource;

/**
 * What {@code serve --model} names, each value one of: {@code FILE.onnx} (served under its file name), {@code
 * NAME=FILE.onnx}, or a folder (every {@code .onnx} in it, by file name, in name order). No value: the shipped model.
 */
final class ModelList {
    private ModelList() {
    }

    static List<ModelSource> of(List<String> values) throws IOException, ModelFileException {
        List<ModelSource> sources = new ArrayList<>();
        if (values == null || values.isEmpty()) {
            sources.add(ModelSource.of(ModelOption.shipped()));
            return sources;
        }
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq > 0) {
                sources.add(new ModelSource(value.substring(0, eq), file(Path.of(value.substring(eq + 1)))));
            } else if (Files.isDirectory(Path.of(value))) {
                List<Path> files;
                try (Stream<Path> s = Files.list(Path.of(value))) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).filter(Files::isRegularFile)
                            .sorted().toList();
                }
                if (files.isEmpty()) throw new IllegalArgumentException("--model " + value + ": the folder holds no .onnx file");
                for (Path f : files) sources.add(ModelSource.of(f));
            } else {
                sources.add(ModelSource.of(file(Path.of(value))));
            }
        }
        return sources;
    }

    private static Path file(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such model file");
        return file;
    }
}
