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
    /**
     * How every temporary file is named: {@code .TARGET.cadenza-PID-HEX.tmp} beside its target. The marker says the file
     * is ours (another tool's {@code .NAME.HEX.tmp} is never touched) and the process id says which run wrote it, so a
     * leftover is removed only once that process is gone.
     */
    private static final java.util.regex.Pattern TEMP_NAME =
            java.util.regex.Pattern.compile("^\\..+\\.cadenza-([0-9]{1,19})-[0-9a-f]{1,16}\\.tmp$");
    private static final long PID = ProcessHandle.current().pid();

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
        Path tmp = tempFor(target);
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
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            // The OS's own words ("No space left on device") do not say which file; FileSystemExceptions already do.
            if (e instanceof java.nio.file.FileSystemException) throw e;
            throw new IOException(target + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            PENDING.remove(tmp);
        }
    }

    /**
     * A fresh temporary file name beside {@code target}, in the form {@link #removeStale} recognises; for writers that
     * cannot go through {@link #write} (several files renamed together).
     */
    public static Path tempFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir.resolve("." + target.getFileName() + ".cadenza-" + PID + "-" + Long.toHexString(System.nanoTime()) + ".tmp");
    }

    /** True for the name of a temporary file this code makes (with its marker and process id). */
    public static boolean isTempName(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    /**
     * Deletes temporary files in {@code dir} left by a cadenza run that was killed outright (SIGKILL, power loss), where
     * no shutdown hook ran: only names this code made, whose writing process is no longer running, untouched for
     * {@code olderThan} (a process id seen from another container may look dead). Anything else, another tool's
     * temporary files included, is left alone.
     *
     * @return the files deleted, for the caller to name
     */
    public static java.util.List<Path> removeStale(Path dir, java.time.Duration olderThan) throws IOException {
        if (!Files.isDirectory(dir)) return java.util.List.of();
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(olderThan));
        java.util.List<Path> removed = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                java.util.regex.Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                if (writerAlive(m.group(1))) continue;
                if (Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0 && Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    private static boolean writerAlive(String pid) {
        try {
            long id = Long.parseLong(pid);
            return id == PID || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // cannot tell: keep it
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
