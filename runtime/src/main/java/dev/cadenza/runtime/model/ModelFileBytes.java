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

    /** The largest model file this JVM reads: a third of its heap. */
    public static long fits() {
        return Runtime.getRuntime().maxMemory() / 3;
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
            long fits = fits();
            if (size > fits) {
                // The bytes, the parsed metadata and ONNX Runtime's copy of the weights all live at once: a file larger
                // than a third of the heap would end in an OutOfMemoryError half way, so it is refused before reading.
                throw new ModelFileException(file, "is " + (size >> 20) + " MB; this process can load models up to "
                        + (fits >> 20) + " MB (a third of its " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MB heap; raise it with -Xmx, e.g. JAVA_OPTS=-Xmx8g)");
            }
            try {
                return Files.readAllBytes(file);
            } catch (OutOfMemoryError e) {
                throw new ModelFileException(file, "is " + (size >> 20) + " MB, more than this process has memory for (raise -Xmx)");
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such model file");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + FileKind.reason(e), e);
        }
    }
}
