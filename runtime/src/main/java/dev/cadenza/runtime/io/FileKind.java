package dev.cadenza.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Says in words why a path is not a plain file we can read, before anything opens it: opening a FIFO for reading
 * blocks until some other program writes to it, which to a user looks like a hang.
 */
public final class FileKind {
    private FileKind() {
    }

    /** Null for a regular file (or a link to one); otherwise why it is not one, in a few words. */
    public static String notPlainFile(Path path) {
        if (Files.isRegularFile(path)) return null;
        if (Files.isDirectory(path)) return "is a folder, not a file";
        if (Files.isSymbolicLink(path)) {
            try {
                return "dangling link (its target " + Printable.of(Files.readSymbolicLink(path).toString()) + " does not exist)";
            } catch (IOException e) {
                return "dangling link";
            }
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return "no such file";
        return "not a regular file (a FIFO, socket or device), so it is not read";
    }

    /** The reason of an I/O failure in words, without repeating the path that the caller names anyway. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof FileSystemException f && f.getReason() != null) return Printable.of(f.getReason());
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.of(m);
    }
}
