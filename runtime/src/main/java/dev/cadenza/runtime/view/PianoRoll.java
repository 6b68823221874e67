package dev.cadenza.runtime.view;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/**
 * Draws a piece as a piano roll: time runs left to right, pitch bottom to top, each note a bar whose shade darkens
 * with its velocity. Bar lines are drawn every {@link Style#quartersPerBar()} quarter notes, and a faint line marks
 * every C so octaves can be counted. Only the pitch range the piece uses is shown, plus a margin.
 */
public final class PianoRoll {
    public static final Color BACKGROUND = Color.WHITE;
    private static final Color BAR_LINE = new Color(0xB0B0B0);
    private static final Color C_LINE = new Color(0xE4E4F0);
    private static final Color OUTLINE = new Color(0x1A2A5A);
    /** Pitches of headroom shown above the highest and below the lowest note. */
    public static final int PITCH_MARGIN = 2;

    /**
     * @param pixelsPerQuarter width of a quarter note
     * @param pixelsPerPitch   height of one semitone row
     * @param quartersPerBar   bar length (a piece keeps no time signature; 4 suits 4/4)
     * @param maxWidth         the image is squeezed in time to stay within this many pixels
     */
    public record Style(int pixelsPerQuarter, int pixelsPerPitch, double quartersPerBar, int maxWidth) {
        public static final Style DEFAULT = new Style(16, 4, 4, 16_000);

        public Style {
            if (pixelsPerQuarter < 1 || pixelsPerPitch < 1 || maxWidth < 16 || !(quartersPerBar > 0)) {
                throw new IllegalArgumentException("piano roll sizes must be positive");
            }
        }
    }

    private PianoRoll() {
    }

    public static void write(Piece piece, Path png) throws IOException {
        write(piece, png, Style.DEFAULT);
    }

    public static void write(Piece piece, Path png, Style style) throws IOException {
        BufferedImage image = draw(piece, style);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK");
        });
    }

    /** Horizontal pixels per quarter note after squeezing a long piece into {@code maxWidth}. */
    public static double scale(Piece piece, Style style) {
        double quarters = Math.max(piece.lengthQuarters(), style.quartersPerBar());
        return Math.min(style.pixelsPerQuarter(), (style.maxWidth() - 1) / quarters);
    }

    /** The lowest pitch shown (the bottom row). */
    public static int lowestShown(Piece piece) {
        int low = piece.notes().stream().mapToInt(Note::pitch).min().orElse(60);
        return Math.max(0, low - PITCH_MARGIN);
    }

    /** The highest pitch shown (the top row). */
    public static int highestShown(Piece piece) {
        int high = piece.notes().stream().mapToInt(Note::pitch).max().orElse(72);
        return Math.min(127, high + PITCH_MARGIN);
    }

    public static int width(Piece piece, Style style) {
        double quarters = Math.max(piece.lengthQuarters(), style.quartersPerBar());
        return (int) Math.ceil(quarters * scale(piece, style)) + 1;
    }

    public static int height(Piece piece, Style style) {
        return (highestShown(piece) - lowestShown(piece) + 1) * style.pixelsPerPitch();
    }

    /** Pixel x where time {@code quarters} begins. */
    public static int x(Piece piece, Style style, double quarters) {
        return (int) Math.round(quarters * scale(piece, style));
    }

    /** Pixel y of the top of {@code pitch}'s row. */
    public static int y(Piece piece, Style style, int pitch) {
        return (highestShown(piece) - pitch) * style.pixelsPerPitch();
    }

    public static BufferedImage draw(Piece piece, Style style) {
        int width = width(piece, style);
        int height = height(piece, style);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setColor(C_LINE);
            for (int pitch = lowestShown(piece); pitch <= highestShown(piece); pitch++) {
                if (pitch % 12 == 0) g.fillRect(0, y(piece, style, pitch), width, style.pixelsPerPitch());
            }
            g.setColor(BAR_LINE);
            for (double bar = 0; bar <= piece.lengthQuarters() + 1e-9; bar += style.quartersPerBar()) {
                g.drawLine(x(piece, style, bar), 0, x(piece, style, bar), height - 1);
            }
            for (Note note : piece.notes()) {
                int x0 = x(piece, style, note.onset());
                int w = Math.max(1, x(piece, style, note.end()) - x0);
                int y0 = y(piece, style, note.pitch());
                g.setColor(shade(note.velocity()));
                g.fillRect(x0, y0, w, style.pixelsPerPitch());
                if (w > 4 && style.pixelsPerPitch() >= 5) { // on thin rows an outline would hide the shade
                    g.setColor(OUTLINE);
                    g.drawRect(x0, y0, w - 1, style.pixelsPerPitch() - 1);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Soft notes pale blue, loud notes deep blue: the shade carries the velocity. */
    static Color shade(int velocity) {
        double t = Math.min(1, Math.max(0, velocity / 127.0));
        int r = (int) Math.round(190 - 170 * t);
        int g = (int) Math.round(210 - 160 * t);
        int b = (int) Math.round(255 - 95 * t);
        return new Color(r, g, b);
    }
}
