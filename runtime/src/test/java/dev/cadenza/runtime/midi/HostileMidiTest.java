package dev.cadenza.runtime.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a hostile or unlucky user may hand the reader: each must end in one line naming the file and the problem. */
class HostileMidiTest {
    @TempDir
    Path dir;

    private final MidiReader reader = new MidiReader();

    private MidiFileException refused(Path file) {
        return assertThrows(MidiFileException.class, () -> reader.read(file));
    }

    @Test
    void aVelocityByteAbove127IsThisFilesProblemNotACrash() throws Exception {
        Path file = RawMidi.write(dir.resolve("loud.mid"), RawMidi.oneNote(0x40, 0xCC));
        MidiFileException e = refused(file);
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": note event with a data byte above 127"), e.getMessage());
        assertTrue(e.getMessage().contains("velocity 204"), e.getMessage());
    }

    @Test
    void aPitchByteAbove127IsThisFilesProblemNotACrash() throws Exception {
        Path file = RawMidi.write(dir.resolve("high.mid"), RawMidi.oneNote(200, 0x40));
        assertTrue(refused(file).getMessage().contains("pitch 200"));
    }

    @Test
    void theSameNoteWithinRangeReads() throws Exception {
        Path file = RawMidi.write(dir.resolve("ok.mid"), RawMidi.oneNote(0x40, 0x7F));
        assertEquals(1, reader.read(file).notes().size());
    }

    @Test
    void aHeaderClaimingMoreTracksThanTheFileHoldsSaysSo() throws Exception {
        byte[] bytes = RawMidi.oneNote(60, 90);
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        bytes[9] = 1;
        Path file = RawMidi.write(dir.resolve("tracks.mid"), bytes);
        assertEquals("header declares 65535 track(s) but the file holds 1 (truncated or corrupt header)", refused(file).problem());
    }

    @Test
    void aGarbledChunkIdIsPrintedAsHexNotAsRawBytes() throws Exception {
        byte[] good = RawMidi.oneNote(60, 90);
        byte[] bad = RawMidi.concat(good, new byte[] {(byte) 0xFF, 0x1B, '[', '2', 0, 0, 0x10, 0});
        String message = refused(RawMidi.write(dir.resolve("chunk.mid"), bad)).getMessage();
        assertTrue(message.contains("(0xFF1B5B32) declares 4096 bytes"), message);
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), message);
    }

    @Test
    void aControlCharacterInTheFileNameDoesNotBreakTheLine() throws Exception {
        Path file = RawMidi.write(dir.resolve("evil\u001b[2J\nname.mid"), "junk".getBytes());
        String message = refused(file).getMessage();
        assertFalse(message.contains("\n") || message.contains("\u001b"), message);
        assertTrue(message.contains("evil\\x1B[2J\\x0Aname.mid"), message);
    }

    @Test
    void aFifoIsRefusedAtOnceInsteadOfWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("pipe.mid");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        MidiFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused(fifo));
        assertEquals("not a regular file (a FIFO, socket or device), so it is not read", e.problem());
    }

    @Test
    void aFolderAndADanglingLinkAreNamedForWhatTheyAre() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.mid"));
        assertEquals("is a folder, not a file", refused(folder).problem());
        Path link = Files.createSymbolicLink(dir.resolve("link.mid"), dir.resolve("gone.mid"));
        assertTrue(refused(link).problem().startsWith("dangling link (its target "), refused(link).problem());
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.mid");
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(RawMidi.oneNote(60, 90)));
            channel.position(MidiReader.MAX_FILE_BYTES + 1).write(java.nio.ByteBuffer.wrap(new byte[1])); // sparse
        }
        assertTrue(refused(big).problem().startsWith("too large for a MIDI file"));
    }
}
