package dev.cadenza.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class PianoRollTest {
    @TempDir
    Path dir;

    private final Piece piece = new Piece("two", List.of(new Note(0, 2, 60, 127), new Note(4, 1, 72, 30)), 120);

    @Test
    void imageHasTheExpectedSizeAndNotesWhereTheyPlay() throws Exception {
        Path png = dir.resolve("roll.png");
        PianoRoll.write(piece, png);
        BufferedImage image = ImageIO.read(png.toFile());
        PianoRoll.Style s = PianoRoll.Style.DEFAULT;
        assertEquals((int) Math.ceil(5 * 16) + 1, image.getWidth()); // 5 quarters at 16 px
        assertEquals((72 + 2 - (60 - 2) + 1) * 4, image.getHeight()); // pitches 58..74, 4 px each
        int background = PianoRoll.BACKGROUND.getRGB();
        // Inside the C4 note (2 quarters from 0) and the C5 note (1 quarter from 4).
        assertNotEquals(background, image.getRGB(16, PianoRoll.y(piece, s, 60) + 2));
        assertNotEquals(background, image.getRGB(4 * 16 + 8, PianoRoll.y(piece, s, 72) + 2));
        // Where nothing plays: D4's row in the first bar, and C4's row after its note ended.
        assertEquals(background, image.getRGB(20, PianoRoll.y(piece, s, 62) + 2));
        assertEquals(background, image.getRGB(3 * 16 + 8, PianoRoll.y(piece, s, 66) + 2));
        // Velocity shows as shade: the loud note is darker than the soft one.
        int loud = image.getRGB(16, PianoRoll.y(piece, s, 60) + 2);
        int soft = image.getRGB(4 * 16 + 8, PianoRoll.y(piece, s, 72) + 2);
        assertTrue(brightness(loud) < brightness(soft));
        // A bar line at 4 quarters.
        assertNotEquals(background, image.getRGB(4 * 16, PianoRoll.y(piece, s, 66) + 2));
    }

    @Test
    void longPiecesAreSqueezedIntoTheMaximumWidth() throws Exception {
        Piece real = new MidiReader().read(Path.of("..", "midi_songs", "maple-leaf-rag.mid"));
        PianoRoll.Style style = new PianoRoll.Style(16, 3, 4, 2000);
        BufferedImage image = PianoRoll.draw(real, style);
        assertTrue(image.getWidth() <= 2000, "width " + image.getWidth());
        assertTrue(image.getWidth() > 1900, "width " + image.getWidth());
        int low = real.notes().stream().mapToInt(Note::pitch).min().orElseThrow();
        int high = real.notes().stream().mapToInt(Note::pitch).max().orElseThrow();
        assertEquals((high - low + 1 + 2 * PianoRoll.PITCH_MARGIN) * 3, image.getHeight());
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }
}
