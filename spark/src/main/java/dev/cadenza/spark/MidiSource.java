package dev.cadenza.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;

/**
 * The MIDI files under the input path, listed on the driver. A local folder is walked by the runtime's own
 * {@link CorpusReader#list} (so folders named like MIDI files, FIFOs and dangling links are skipped with the reasons
 * {@code cadenza corpus} gives); any other Hadoop path (hdfs://, s3a:// with hadoop-aws on the class path) through
 * Hadoop's recursive listing. Only names travel to the executors, never bytes.
 */
public record MidiSource(List<SourceFile> files, List<Skip> skipped) {
    public MidiSource {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    /** Whether {@code location} names the local file system (no scheme, or file:). */
    public static boolean isLocal(String location) {
        String scheme = URI.create(location.replace(" ", "%20")).getScheme();
        return scheme == null || scheme.equals("file") || location.matches("^[A-Za-z]:\\\\.*");
    }

    public static MidiSource list(String location, Configuration hadoop) throws IOException {
        return isLocal(location) ? listLocal(localPath(location)) : listHadoop(location, hadoop);
    }

    static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    private static MidiSource listLocal(Path root) throws IOException {
        CorpusReader.Listing listing = CorpusReader.list(root);
        List<SourceFile> files = new ArrayList<>();
        // Absolute: an executor's working folder is its own (a worker's work folder on a cluster), not the driver's.
        for (Path file : listing.files()) {
            files.add(new SourceFile(file.toAbsolutePath().toString(), root.relativize(file).toString(), true));
        }
        List<Skip> skipped = new ArrayList<>();
        for (Corpus.Skipped s : listing.skipped()) skipped.add(new Skip(root.relativize(s.file()).toString(), s.reason()));
        return new MidiSource(files, skipped);
    }

    private static MidiSource listHadoop(String location, Configuration hadoop) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.exists(root)) throw new IOException(location + ": no such folder");
        if (!fs.getFileStatus(root).isDirectory()) throw new IOException(location + ": not a folder");
        String prefix = fs.makeQualified(root).toUri().getPath();
        List<SourceFile> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus status = it.next();
            if (!CorpusReader.isMidiName(Path.of(status.getPath().getName()))) continue;
            String path = status.getPath().toUri().getPath();
            String name = path.startsWith(prefix + "/") ? path.substring(prefix.length() + 1) : status.getPath().getName();
            files.add(new SourceFile(status.getPath().toString(), name, false));
        }
        files.sort(Comparator.comparing(SourceFile::name));
        return new MidiSource(files, List.of());
    }
}
