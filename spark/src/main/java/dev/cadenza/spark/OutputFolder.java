package dev.cadenza.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import dev.cadenza.app.UserError;

/**
 * A job's output folder on any Hadoop file system. It is claimed before any task runs: a folder that exists and holds
 * anything is refused unless {@code --force}, so a second run never mixes its files into an earlier one's. Small files
 * the driver writes go to a temporary name first and are renamed into place.
 */
public final class OutputFolder {
    private final String location;
    private final Path root;
    private final FileSystem fs;

    private OutputFolder(String location, Path root, FileSystem fs) {
        this.location = location;
        this.root = root;
        this.fs = fs;
    }

    /**
     * Claims {@code location}: refuses a non-empty folder (or a file) unless {@code force}, which empties it.
     *
     * @throws UserError one line naming the folder
     */
    public static OutputFolder claim(String location, boolean force, Configuration hadoop) throws IOException {
        Path root = new Path(location);
        FileSystem fs = raw(root.getFileSystem(hadoop));
        if (fs.exists(root)) {
            boolean empty = fs.getFileStatus(root).isDirectory() && fs.listStatus(root).length == 0;
            if (!empty && !force) {
                throw new UserError(location + ": already exists and is not empty; pass --force to replace it, or choose another folder");
            }
            if (!empty && !fs.delete(root, true)) throw new IOException(location + ": could not be emptied for --force");
        }
        if (!fs.mkdirs(root)) throw new IOException(location + ": could not create the folder");
        return new OutputFolder(location, root, fs);
    }

    /** The folder as it is reachable from any executor (the file system's own URI form). */
    public String uri() {
        return fs.makeQualified(root).toString();
    }

    public String location() {
        return location;
    }

    /** Writes {@code name} in the folder whole or not at all. */
    public void writeString(String name, String text) throws IOException {
        Path target = new Path(root, name);
        Path temp = new Path(root, "." + name + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(temp, target)) throw new IOException(target + ": could not be written");
    }

    /**
     * The local file system without its checksum layer, so files come without .crc companions; other file systems as
     * they are.
     */
    static FileSystem raw(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }
}
