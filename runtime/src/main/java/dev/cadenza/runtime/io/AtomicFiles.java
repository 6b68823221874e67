package dev.cadenza.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half a file: the content goes to a temporary file in the same folder,
 * which then replaces the target in one rename. If writing fails, the old target is untouched.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a whole file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary file in the same folder that is synced and renamed into place, so a
     * reader sees the old file or the whole new one, never half of it; the folder is created if missing.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the finished file; a plain new file
        // gets the user's usual permissions (umask).
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (java.io.FileOutputStream file = new java.io.FileOutputStream(tmp.toFile());
                 OutputStream out = new java.io.BufferedOutputStream(file)) {
                writer.writeTo(out);
                out.flush();
                try {
                    file.getFD().sync(); // on disk before the rename: a crash leaves the old file or the whole new one
                } catch (java.io.SyncFailedException notSupported) {
                    // Some file systems (network and virtual ones) refuse fsync; the rename still keeps readers safe.
                }
            }
            moveIntoPlace(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** {@link #write(Path, Writer)} of these bytes. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** {@link #write(Path, Writer)} of this text in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Replaces target with source in one step where the file system allows it. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
