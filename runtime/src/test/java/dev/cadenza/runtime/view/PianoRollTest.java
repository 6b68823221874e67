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
    void rowsHaveOneWidthAndNotesAreWhereTheyPlay() throws Exception {
        Path png = dir.resolve("roll.png");
        PianoRoll.write(piece, png);
        BufferedImage image = ImageIO.read(png.toFile());
        PianoRoll.Layout l = PianoRoll.layout(piece, PianoRoll.Style.DEFAULT, List.of());
        assertEquals(1, l.rows());
        // 8 bars of 4/4 at 24 px a quarter, whatever the piece's length: every picture has the same width
        assertEquals(8 * 4 * 24.0, l.rowQuarters() * l.pixelsPerQuarter(), 1e-9);
        assertEquals(l.width(), image.getWidth());
        assertEquals(l.height(), image.getHeight());
        // whole octaves: C3 (48) up to B5 (83) around notes 60..72
        assertEquals(48, l.lowest());
        assertEquals(83, l.highest());
        int background = PianoRoll.BACKGROUND.getRGB();
        assertNotEquals(background, image.getRGB(l.x(1), l.y(1, 60) + 2));
        assertNotEquals(background, image.getRGB(l.x(4.5), l.y(4.5, 72) + 2));
        // Where nothing plays: D4's row in the first bar, and F#4's after the first note ended.
        assertEquals(background, image.getRGB(l.x(1.25), l.y(1.25, 62) + 2));
        assertEquals(background, image.getRGB(l.x(3.5), l.y(3.5, 66) + 2));
        // Velocity shows as shade: the loud note is darker than the soft one.
        assertTrue(brightness(image.getRGB(l.x(1), l.y(1, 60) + 2)) < brightness(image.getRGB(l.x(4.5), l.y(4.5, 72) + 2)));
        // A bar line at 4 quarters.
        assertNotEquals(background, image.getRGB(l.x(4), l.y(4, 66) + 2));
        // The header names the piece: ink above the first row.
        assertTrue(inkIn(image, 0, 0, image.getWidth(), 40), "a header");
    }

    @Test
    void aLongPieceWrapsIntoRowsOfEightBarsWithOnePitchRange() throws Exception {
        Piece real = new MidiReader().read(Path.of("..", "midi_songs", "maple-leaf-rag.mid"));
        PianoRoll.Layout l = PianoRoll.layout(real, PianoRoll.Style.DEFAULT, List.of());
        BufferedImage image = PianoRoll.draw(real, PianoRoll.Style.DEFAULT);
        // 2/4 in the file, drawn here without its metre: bars of 4/4, 8 a row
        int bars = l.bars().size();
        assertEquals((bars + 7) / 8, l.rows(), "rows of 8 bars");
        // with the file's 2/4, 16 bars share a row of the same width
        PianoRoll.Layout twoFour = PianoRoll.layout(real, PianoRoll.Style.DEFAULT,
                TimeSignature.read(Path.of("..", "midi_songs", "maple-leaf-rag.mid")));
        assertEquals(16 * 2.0, twoFour.rowStarts().get(1) - twoFour.rowStarts().get(0), 1e-9);
        assertEquals(l.width(), twoFour.width());
        assertEquals(PianoRoll.layout(piece, PianoRoll.Style.DEFAULT, List.of()).width(), image.getWidth(),
                "a long piece is as wide as a short one");
        assertTrue(image.getWidth() < 1000 && image.getHeight() < 8000, image.getWidth() + " x " + image.getHeight());
        assertEquals(0, l.lowest() % 12);
        assertEquals(11, l.highest() % 12);
        // a note of the third row is drawn in the third row, at the pitch range every row shares
        Note later = real.notes().stream().filter(n -> l.row(n.onset()) == 2 && n.duration() > 0.4).findFirst().orElseThrow();
        double inside = later.onset() + 0.1;
        assertNotEquals(PianoRoll.BACKGROUND.getRGB(), image.getRGB(l.x(inside), l.y(inside, later.pitch()) + 1));
        assertEquals(l.y(inside, 60) - l.y(0, 60), l.y(inside, 72) - l.y(0, 72), "same range in every row");
    }

    @Test
    void aNoteHeldAcrossARowEndGoesOnInTheNextRow() {
        // 8 bars of 4/4 are 32 quarters: a note from 30 to 36 crosses into the second row
        Piece held = new Piece("held", List.of(new Note(0, 1, 60, 100), new Note(30, 6, 64, 100), new Note(40, 1, 60, 100)), 120);
        PianoRoll.Layout l = PianoRoll.layout(held, PianoRoll.Style.DEFAULT, List.of());
        assertEquals(2, l.rows());
        BufferedImage image = PianoRoll.draw(held, PianoRoll.Style.DEFAULT);
        int background = PianoRoll.BACKGROUND.getRGB();
        assertNotEquals(background, image.getRGB(l.x(31), l.y(31, 64) + 2));
        assertNotEquals(background, image.getRGB(l.x(33), l.y(33, 64) + 2));
        assertEquals(1, l.row(33));
        assertEquals(background, image.getRGB(l.x(37), l.y(37, 64) + 2));
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
        PianoRoll.Layout l = PianoRoll.layout(waltz, s, meter);
        BufferedImage image = PianoRoll.draw(waltz, s, meter);
        int background = PianoRoll.BACKGROUND.getRGB();
        for (double bar : new double[] {3, 6, 9, 11}) {
            assertNotEquals(background, image.getRGB(l.x(bar), l.y(bar, 62) + 2), "bar line at " + bar); // D4: no note, no C band
        }
        for (double notABar : new double[] {4, 8, 12}) { // where 4/4 would have drawn them
            assertEquals(background, image.getRGB(l.x(notABar), l.y(notABar, 62) + 2), "no bar line at " + notABar);
        }
        // "C4" is written left of the rolls, beside middle C's row.
        int top = l.y(0, 60);
        assertTrue(inkIn(image, 0, Math.max(0, top - 8), PianoRoll.LABEL_WIDTH, top + 12), "a label beside C4");
        assertEquals("C4", PianoRoll.octaveName(60));
        assertEquals("C-1", PianoRoll.octaveName(0));
    }

    @Test
    void barsRestartWhereTheMeterChangesInMidBar() {
        List<Double> starts = TimeSignature.barStarts(
                List.of(new TimeSignature(0, 6, 8), new TimeSignature(4, 4, 4)), 4, 12);
        assertEquals(List.of(0.0, 3.0, 4.0, 8.0, 12.0), starts);
    }

    private static boolean inkIn(BufferedImage image, int x0, int y0, int x1, int y1) {
        for (int x = x0; x < Math.min(x1, image.getWidth()); x++) {
            for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
                if (image.getRGB(x, y) != PianoRoll.BACKGROUND.getRGB()) return true;
            }
        }
        return false;
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }
}
