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
import dev.cadenza.runtime.midi.TestMidi;
import dev.cadenza.runtime.midi.TimeSignature;

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
        assertEquals(PianoRoll.LABEL_WIDTH + 5 * 16 + 1, image.getWidth()); // labels, then 5 quarters at 16 px
        assertEquals((72 + 2 - (60 - 2) + 1) * 4 + PianoRoll.AXIS_HEIGHT, image.getHeight()); // pitches 58..74, 4 px each
        int background = PianoRoll.BACKGROUND.getRGB();
        // Inside the C4 note (2 quarters from 0) and the C5 note (1 quarter from 4).
        assertNotEquals(background, image.getRGB(PianoRoll.x(piece, s, 1), PianoRoll.y(piece, s, 60) + 2));
        assertNotEquals(background, image.getRGB(PianoRoll.x(piece, s, 4.5), PianoRoll.y(piece, s, 72) + 2));
        // Where nothing plays: D4's row in the first bar, and C4's row after its note ended.
        assertEquals(background, image.getRGB(PianoRoll.x(piece, s, 1.25), PianoRoll.y(piece, s, 62) + 2));
        assertEquals(background, image.getRGB(PianoRoll.x(piece, s, 3.5), PianoRoll.y(piece, s, 66) + 2));
        // Velocity shows as shade: the loud note is darker than the soft one.
        int loud = image.getRGB(PianoRoll.x(piece, s, 1), PianoRoll.y(piece, s, 60) + 2);
        int soft = image.getRGB(PianoRoll.x(piece, s, 4.5), PianoRoll.y(piece, s, 72) + 2);
        assertTrue(brightness(loud) < brightness(soft));
        // A bar line at 4 quarters.
        assertNotEquals(background, image.getRGB(PianoRoll.x(piece, s, 4), PianoRoll.y(piece, s, 66) + 2));
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
        assertEquals((high - low + 1 + 2 * PianoRoll.PITCH_MARGIN) * 3 + PianoRoll.AXIS_HEIGHT, image.getHeight());
    }

    @Test
    void barLinesFollowTheFilesTimeSignatureAndOctavesAreLabelled() throws Exception {
        // Three bars of 3/4, then 2/4 from quarter 9: bar lines at 0, 3, 6, 9, 11.
        Path mid = TestMidi.ppq(480).timeSignature(0, 3, 4).timeSignature(9 * 480, 2, 4)
                .note(0, 480, 60, 100).note(12 * 480, 480, 64, 100).write(dir.resolve("waltz.mid"));
        List<TimeSignature> meter = TimeSignature.read(mid);
        assertEquals(List.of(new TimeSignature(0, 3, 4), new TimeSignature(9, 2, 4)), meter);
        Piece waltz = new MidiReader().read(mid);
        PianoRoll.Style s = PianoRoll.Style.DEFAULT;
        BufferedImage image = PianoRoll.draw(waltz, s, meter);
        int background = PianoRoll.BACKGROUND.getRGB();
        int emptyRow = PianoRoll.y(waltz, s, 62) + 2; // D4: no note, no C band
        for (double bar : new double[] {3, 6, 9, 11}) {
            assertNotEquals(background, image.getRGB(PianoRoll.x(waltz, s, bar), emptyRow), "bar line at " + bar);
        }
        for (double notABar : new double[] {4, 8, 12}) { // where 4/4 would have drawn them
            assertEquals(background, image.getRGB(PianoRoll.x(waltz, s, notABar), emptyRow), "no bar line at " + notABar);
        }
        // "C4" is written left of the rolls, beside middle C's row.
        int top = PianoRoll.y(waltz, s, 60);
        boolean ink = false;
        for (int x = 0; x < PianoRoll.LABEL_WIDTH; x++) {
            for (int y = Math.max(0, top - 8); y < Math.min(image.getHeight(), top + 12); y++) {
                ink |= image.getRGB(x, y) != background;
            }
        }
        assertTrue(ink, "a label beside C4");
        assertEquals("C4", PianoRoll.octaveName(60));
        assertEquals("C-1", PianoRoll.octaveName(0));
    }

    @Test
    void barsRestartWhereTheMeterChangesInMidBar() {
        List<Double> starts = TimeSignature.barStarts(
                List.of(new TimeSignature(0, 6, 8), new TimeSignature(4, 4, 4)), 4, 12);
        assertEquals(List.of(0.0, 3.0, 4.0, 8.0, 12.0), starts);
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }
}
