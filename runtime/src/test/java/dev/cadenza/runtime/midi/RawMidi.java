package dev.cadenza.runtime.midi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes MIDI files byte by byte, for hostile cases javax.sound.midi refuses to build (data bytes above 127, lying
 * headers, odd chunk ids).
 */
public final class RawMidi {
    private RawMidi() {
    }

    /** A format-0 header chunk: {@code tracks} as declared, 96 ticks per quarter note. */
    public static byte[] header(int format, int tracks) {
        return new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, (byte) format, (byte) (tracks >> 8), (byte) tracks, 0, 96};
    }

    /** A chunk with the given id and body; the length field tells the truth. */
    public static byte[] chunk(byte[] id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id);
        out.writeBytes(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length});
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A track chunk of raw event bytes, given as ints for readability; the end-of-track meta event is appended. */
    public static byte[] track(int... events) {
        byte[] body = new byte[events.length + 4];
        for (int i = 0; i < events.length; i++) body[i] = (byte) events[i];
        body[events.length] = 0;
        body[events.length + 1] = (byte) 0xFF;
        body[events.length + 2] = 0x2F;
        body[events.length + 3] = 0;
        return chunk(new byte[] {'M', 'T', 'r', 'k'}, body);
    }

    /** One note: on at tick 0 with these pitch and velocity bytes, off 96 ticks later. */
    public static byte[] oneNote(int pitch, int velocity) {
        return concat(header(0, 1), track(0x00, 0x90, pitch, velocity, 0x60, 0x80, pitch, 0x00));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }
}
