package dev.cadenza.runtime.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.cadenza.runtime.io.FileKind;

/** Reads a model file whole, after making sure it is a plain, non-empty file of a size a model can have. */
public final class ModelFileBytes {
    /** Protobuf's own limit for one message: no ONNX file without external data is larger. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private ModelFileBytes() {
    }

    /** @throws ModelFileException naming the file and why it cannot be a model */
    public static byte[] read(Path file) throws ModelFileException {
        String notPlain = FileKind.notPlainFile(file);
        if (notPlain != null) {
            throw new ModelFileException(file, notPlain.equals("no such file") ? "no such model file"
                    : notPlain.startsWith("is a folder") ? "is a folder, not a model file (pass the .onnx file inside it)" : notPlain);
        }
        try {
            long size = Files.size(file);
            if (size == 0) throw new ModelFileException(file, "empty file (0 bytes), not an ONNX model");
            if (size > MAX_BYTES) throw new ModelFileException(file, "too large for an ONNX model (" + (size >> 20) + " MB)");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such model file");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + FileKind.reason(e), e);
        }
    }
}
