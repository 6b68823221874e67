package dev.cadenza.app.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.cadenza.runtime.io.CadenzaHome;
import dev.cadenza.runtime.model.ModelFileException;
import picocli.CommandLine.Option;

/** {@code --model FILE}: the exported model a command works with. */
public final class ModelOption {
    /** The model Cadenza ships, relative to the Cadenza folder. */
    public static final String SHIPPED = "models/default.onnx";

    @Option(names = "--model", paramLabel = "FILE.onnx",
            description = "An exported .onnx model (made by 'cadenza export'). Where a model is needed and none is "
                    + "given: the shipped " + SHIPPED + ".")
    Path file;

    /** The model the user named, if any. */
    public Optional<Path> given() {
        return Optional.ofNullable(file);
    }

    /** The model the user named, else the shipped one. */
    public Path orShipped() throws ModelFileException {
        return file != null ? file : shipped();
    }

    /**
     * The shipped model: {@code models/default.onnx} in the working folder, else in the Cadenza folder the launcher
     * names (so {@code ./cadenza generate} works from anywhere).
     */
    public static Path shipped() throws ModelFileException {
        Path found = CadenzaHome.find(SHIPPED);
        if (Files.exists(found)) return found;
        throw new ModelFileException(found, "the shipped model is missing; pass --model FILE.onnx (see models/README.md)");
    }
}
