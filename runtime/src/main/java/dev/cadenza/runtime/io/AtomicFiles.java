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
    /** Temporary files being written right now; a shutdown hook removes any still here when the JVM is stopped. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How every temporary file is named: {@code .TARGET.HEX.tmp} beside its target. */
    private static final java.util.regex.Pattern TEMP_NAME = java.util.regex.Pattern.compile("^\\..+\\.[0-9a-f]{1,16}\\.tmp$");

    static {
        // SIGTERM and Ctrl-C run shutdown hooks but skip the catch blocks below: without this, a generate or export
        // stopped mid-write would leave hidden .NAME.HEX.tmp files behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path tmp : PENDING) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the JVM is going down; nothing more can be done
                }
            }
        }, "cadenza-temp-cleanup"));
    }

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
        PENDING.add(tmp);
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
        } finally {
            PENDING.remove(tmp);
        }
    }

    /** True for the name of a temporary file this class makes. */
    public static boolean isTempName(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    /**
     * Deletes temporary files in {@code dir} left by a run that was killed outright (SIGKILL, power loss), where no
     * shutdown hook ran. Only files untouched for {@code olderThan} go, so another process writing there now keeps
     * its file.
     *
     * @return how many were deleted
     */
    public static int removeStale(Path dir, java.time.Duration olderThan) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(olderThan));
        int removed = 0;
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!isTempName(p.getFileName().toString()) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0 && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
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
