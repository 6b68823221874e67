package dev.cadenza.runtime.view;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;

/**
 * Draws a piece as a piano roll: time runs left to right, pitch bottom to top, each note a bar whose shade darkens
 * with its velocity. Bar lines follow the file's time signatures (or {@link Style#quartersPerBar()} where it has
 * none), numbered along the bottom; a faint band marks every C, labelled on the left (C4 is middle C), so octaves can
 * be counted. Only the pitch range the piece uses is shown, plus a margin.
 */
public final class PianoRoll {
    public static final Color BACKGROUND = Color.WHITE;
    private static final Color BAR_LINE = new Color(0xB0B0B0);
    private static final Color C_LINE = new Color(0xE4E4F0);
    private static final Color OUTLINE = new Color(0x1A2A5A);
    private static final Color LABEL = new Color(0x505050);
    /** Room on the left for the pitch labels ("C4") and at the bottom for the bar numbers. */
    public static final int LABEL_WIDTH = 28;
    public static final int AXIS_HEIGHT = 14;
    /** Bar numbers closer than this many pixels would overlap; only every 2nd, 4th, 5th, 10th ... bar is numbered. */
    private static final int MIN_LABEL_SPACING = 28;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** Pitches of headroom shown above the highest and below the lowest note. */
    public static final int PITCH_MARGIN = 2;

    /**
     * @param pixelsPerQuarter width of a quarter note
     * @param pixelsPerPitch   height of one semitone row
     * @param quartersPerBar   bar length where the file gives no time signature (4 suits 4/4)
     * @param maxWidth         the image is squeezed in time to stay within this many pixels
     */
    public record Style(int pixelsPerQuarter, int pixelsPerPitch, double quartersPerBar, int maxWidth) {
        public static final Style DEFAULT = new Style(16, 4, 4, 16_000);

        public Style {
            if (pixelsPerQuarter < 1 || pixelsPerPitch < 1 || maxWidth < LABEL_WIDTH + 16 || !(quartersPerBar > 0)) {
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
        write(piece, png, style, List.of());
    }

    /** Draws with the bar lines of {@code meter} (a file's time signatures, {@link TimeSignature#read}). */
    public static void write(Piece piece, Path png, Style style, List<TimeSignature> meter) throws IOException {
        BufferedImage image = draw(piece, style, meter);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK");
        });
    }

    /** Horizontal pixels per quarter note after squeezing a long piece into {@code maxWidth}. */
    public static double scale(Piece piece, Style style) {
        double quarters = Math.max(piece.lengthQuarters(), style.quartersPerBar());
        return Math.min(style.pixelsPerQuarter(), (style.maxWidth() - 1 - LABEL_WIDTH) / quarters);
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
        return LABEL_WIDTH + (int) Math.ceil(quarters * scale(piece, style)) + 1;
    }

    public static int height(Piece piece, Style style) {
        return (highestShown(piece) - lowestShown(piece) + 1) * style.pixelsPerPitch() + AXIS_HEIGHT;
    }

    /** Pixel x where time {@code quarters} begins. */
    public static int x(Piece piece, Style style, double quarters) {
        return LABEL_WIDTH + (int) Math.round(quarters * scale(piece, style));
    }

    /** Pixel y of the top of {@code pitch}'s row. */
    public static int y(Piece piece, Style style, int pitch) {
        return (highestShown(piece) - pitch) * style.pixelsPerPitch();
    }

    public static BufferedImage draw(Piece piece, Style style) {
        return draw(piece, style, List.of());
    }

    /** The name of a C row's label: MIDI 60 is C4 (middle C). */
    public static String octaveName(int pitch) {
        return "C" + (pitch / 12 - 1);
    }

    public static BufferedImage draw(Piece piece, Style style, List<TimeSignature> meter) {
        int width = width(piece, style);
        int height = height(piece, style);
        int rollBottom = height - AXIS_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            int ascent = g.getFontMetrics().getAscent();
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            for (int pitch = lowestShown(piece); pitch <= highestShown(piece); pitch++) {
                if (pitch % 12 != 0) continue;
                int top = y(piece, style, pitch);
                g.setColor(C_LINE);
                g.fillRect(LABEL_WIDTH, top, width - LABEL_WIDTH, style.pixelsPerPitch());
                g.setColor(LABEL);
                int baseline = Math.min(rollBottom, Math.max(ascent, top + style.pixelsPerPitch() / 2 + ascent / 2));
                g.drawString(octaveName(pitch), 2, baseline);
            }
            List<Double> bars = TimeSignature.barStarts(meter, style.quartersPerBar(), piece.lengthQuarters());
            int every = labelEvery(bars, piece, style);
            for (int i = 0; i < bars.size(); i++) {
                int x = x(piece, style, bars.get(i));
                g.setColor(BAR_LINE);
                g.drawLine(x, 0, x, rollBottom - 1);
                if ((i + 1) % every == 0 || i == 0) {
                    g.setColor(LABEL);
                    g.drawLine(x, rollBottom, x, rollBottom + 2);
                    String number = Integer.toString(i + 1);
                    int textWidth = g.getFontMetrics().stringWidth(number);
                    if (x + 2 + textWidth <= width) g.drawString(number, x + 2, rollBottom + ascent + 1);
                }
            }
            g.setColor(LABEL);
            g.drawString("bar", 2, rollBottom + ascent + 1);
            for (TimeSignature t : meter) { // each change of meter named at the top of its bar
                g.drawString(t.toString(), x(piece, style, t.atQuarter()) + 2, ascent);
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

    /** Number every bar, or every 2nd, 4th, 5th, 10th, ... so that the numbers do not overlap. */
    private static int labelEvery(List<Double> bars, Piece piece, Style style) {
        if (bars.size() < 2) return 1;
        double shortest = Double.MAX_VALUE;
        for (int i = 1; i < bars.size(); i++) {
            shortest = Math.min(shortest, (bars.get(i) - bars.get(i - 1)) * scale(piece, style));
        }
        for (int step : new int[] {1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 500, 1000}) {
            if (shortest * step >= MIN_LABEL_SPACING) return step;
        }
        return 1000;
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
