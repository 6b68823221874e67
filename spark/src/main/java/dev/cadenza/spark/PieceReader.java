package dev.cadenza.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.io.FileKind;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.KeyEstimator;

/**
 * What an executor does with one file: read it with the runtime's {@link MidiReader} (the sustain pedal folded in as
 * the encoding asks) and encode it with the runtime's codec, exactly as {@code cadenza corpus} and {@code train} do.
 * Any problem with the file is its {@link Tokenised#skipReason()}, never an exception that would fail the task.
 */
final class PieceReader implements Serializable {
    private final EncodingSpec spec;
    private transient Encoding encoding;
    private transient MidiReader reader;

    PieceReader(EncodingSpec spec) {
        this.spec = spec;
    }

    /** One file's outcome: its tokens and facts, or why it was skipped. */
    record Tokenised(SourceFile source, List<String> tokens, String key, int notes, double seconds, String skipReason)
            implements Serializable {
        static Tokenised skipped(SourceFile source, String reason) {
            return new Tokenised(source, List.of(), null, 0, 0, reason);
        }
    }

    Tokenised read(SourceFile source) {
        if (encoding == null) {
            encoding = spec.encoding();
            reader = MidiReader.forEncoding(encoding);
        }
        try {
            Piece piece = source.local() ? reader.read(Path.of(source.location()))
                    : reader.read(Path.of(source.name()), hadoopBytes(source));
            String key = new KeyEstimator().estimate(piece.notes()).toString();
            return new Tokenised(source, encoding.encode(piece), key, piece.notes().size(), piece.lengthSeconds(), null);
        } catch (MidiFileException e) {
            return Tokenised.skipped(source, e.problem());
        } catch (RuntimeException e) {
            // The reader guards its own parsing; this is the encoder's last resort, still one file's problem.
            return Tokenised.skipped(source, "cannot encode: " + e);
        }
    }

    private static byte[] hadoopBytes(SourceFile source) throws MidiFileException {
        Path name = Path.of(source.name());
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(source.location());
            FileSystem fs = path.getFileSystem(new Configuration());
            FileStatus status = fs.getFileStatus(path);
            if (status.getLen() > MidiReader.MAX_FILE_BYTES) throw MidiReader.tooLarge(name, status.getLen());
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (java.io.FileNotFoundException e) {
            throw new MidiFileException(name, "no such file");
        } catch (IOException e) {
            throw new MidiFileException(name, "cannot read: " + FileKind.reason(e));
        }
    }
}
