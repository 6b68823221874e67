package dev.cadenza.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import dev.cadenza.runtime.io.AtomicFiles;

/**
 * Writes a generated piece into the output folder so that no reader ever sees half of it and a task that Spark runs
 * again (after a failure, or speculatively) adds no second copy: each attempt writes its own hidden temporary file and
 * renames it to the piece's name; when the name is already there, an earlier attempt finished it, and since a piece
 * is a function of the seed and its index alone, that file already holds these very bytes.
 */
final class PieceFiles {
    private PieceFiles() {
    }

    /** @return false when an earlier attempt had already written the piece */
    static boolean write(FileSystem fs, Path folder, String name, byte[] bytes, long attempt) throws IOException {
        Path target = new Path(folder, name);
        if (fs instanceof RawLocalFileSystem local) return writeLocal(local.pathToFile(target).toPath(), bytes);
        if (fs.exists(target)) return false;
        Path temp = new Path(folder, "." + name + "." + attempt + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        if (fs.rename(temp, target)) return true;
        fs.delete(temp, false);
        if (fs.exists(target)) return false; // another attempt won the race with the same bytes
        throw new IOException(target + ": could not be written");
    }

    /**
     * The same on a local folder, in plain Java: Hadoop's local file system, without its native library, forks a
     * {@code chmod} process for every file it creates, which cost more than generating the piece (docs/scale-out.md).
     * Each write goes to its own temporary name and is renamed into place, as above.
     */
    private static boolean writeLocal(java.nio.file.Path target, byte[] bytes) throws IOException {
        if (Files.exists(target)) return false;
        AtomicFiles.write(target, bytes);
        return true;
    }
}
