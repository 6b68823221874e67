package dev.cadenza.runtime.view;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import dev.cadenza.runtime.music.KeyEstimator;

/**
 * Draws a piece as a piano roll that reads like a page: rows of a fixed number of bars (8 by default) one under the
 * other, each row as wide as the next, so that a minute of music is a picture a screen shows whole at a readable
 * size. Time runs left to right, pitch bottom to top, each note a bar whose shade darkens with its velocity. A header
 * names the piece, its estimated key, tempo, time signature and length; under every row the bars are numbered and
 * the row's start is given in minutes and seconds. Bar lines follow the file's time signatures (or
 * {@link Style#quartersPerBar()} where it has none); a faint band marks every C, labelled on the left (C4 is middle
 * C). Every row shows the same pitch range (whole octaves around the notes), so rows compare at a glance.
 */
public final class PianoRoll {
    public static final Color BACKGROUND = Color.WHITE;
    private static final Color BAR_LINE = new Color(0xB0B0B0);
    private static final Color C_LINE = new Color(0xE4E4F0);
    private static final Color ROW_FRAME = new Color(0x808080);
    private static final Color OUTLINE = new Color(0x1A2A5A);
    private static final Color LABEL = new Color(0x404040);
    /** Room on the left for the pitch labels ("C4") and each row's start time. */
    public static final int LABEL_WIDTH = 40;
    private static final int RIGHT_MARGIN = 10;
    private static final int HEADER_HEIGHT = 48;
    /** Below each row: its bar numbers, then a gap before the next row. */
    public static final int AXIS_HEIGHT = 16;
    private static final int ROW_GAP = 12;
    /** A picture holds at most this many rows; longer pieces get more bars per row (narrower bars), not more rows. */
    public static final int MAX_ROWS = 48;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Pitches of headroom kept above the highest and below the lowest note before rounding to whole octaves. */
    public static final int PITCH_MARGIN = 2;

    /**
     * @param pixelsPerQuarter width of a quarter note
     * @param pixelsPerPitch   height of one semitone row
     * @param quartersPerBar   bar length where the file gives no time signature (4 suits 4/4)
     * @param barsPerRow       bars in each row of the picture
     */
    public record Style(int pixelsPerQuarter, int pixelsPerPitch, double quartersPerBar, int barsPerRow) {
        public static final Style DEFAULT = new Style(24, 4, 4, 8);

        public Style {
            if (pixelsPerQuarter < 1 || pixelsPerPitch < 1 || barsPerRow < 1 || !(quartersPerBar > 0)
                    || pixelsPerQuarter * quartersPerBar * barsPerRow > 20_000) {
                throw new IllegalArgumentException("piano roll sizes must be positive and a row at most 20,000 pixels wide");
            }
        }
    }

    /**
     * Where everything goes: the rows (each a span of quarters), the pitch range and the pixel sizes.
     *
     * @param rowStarts        the quarter each row starts at; row r ends where row r + 1 starts (the last at
     *                         {@code lastEnd})
     * @param pixelsPerQuarter after fitting a long piece into {@link #MAX_ROWS} rows
     */
    public record Layout(Style style, List<Double> rowStarts, double lastEnd, List<Double> bars, int lowest, int highest,
                         double pixelsPerQuarter, double rowQuarters) {
        public int rows() {
            return rowStarts.size();
        }

        public int width() {
            return LABEL_WIDTH + (int) Math.ceil(rowQuarters * pixelsPerQuarter) + RIGHT_MARGIN;
        }

        int rollHeight() {
            return (highest - lowest + 1) * style.pixelsPerPitch();
        }

        int rowHeight() {
            return rollHeight() + AXIS_HEIGHT + ROW_GAP;
        }

        public int height() {
            return HEADER_HEIGHT + rows() * rowHeight();
        }

        /** The row that time {@code quarters} falls in. */
        public int row(double quarters) {
            int r = 0;
            while (r + 1 < rowStarts.size() && rowStarts.get(r + 1) <= quarters + 1e-9) r++;
            return r;
        }

        double rowEnd(int row) {
            return row + 1 < rowStarts.size() ? rowStarts.get(row + 1) : lastEnd;
        }

        int rowTop(int row) {
            return HEADER_HEIGHT + row * rowHeight();
        }

        /** Pixel x of time {@code quarters} within {@code row}. */
        public int x(int row, double quarters) {
            return LABEL_WIDTH + (int) Math.round((quarters - rowStarts.get(row)) * pixelsPerQuarter);
        }

        /** Pixel x of time {@code quarters}, in its own row. */
        public int x(double quarters) {
            return x(row(quarters), quarters);
        }

        /** Pixel y of the top of {@code pitch}'s row at time {@code quarters}. */
        public int y(double quarters, int pitch) {
            return rowTop(row(quarters)) + (highest - pitch) * style.pixelsPerPitch();
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

    /** The lowest pitch shown (the bottom row): a C, at least {@link #PITCH_MARGIN} below the lowest note. */
    public static int lowestShown(Piece piece) {
        int low = piece.notes().stream().mapToInt(Note::pitch).min().orElse(60);
        return Math.max(0, Math.floorDiv(low - PITCH_MARGIN, 12) * 12);
    }

    /** The highest pitch shown (the top row): a B, at least {@link #PITCH_MARGIN} above the highest note. */
    public static int highestShown(Piece piece) {
        int high = piece.notes().stream().mapToInt(Note::pitch).max().orElse(71);
        return Math.min(127, Math.floorDiv(high + PITCH_MARGIN, 12) * 12 + 11);
    }

    /**
     * Rows hold whole bars and are all {@code barsPerRow} bars of {@code quartersPerBar} long (8 bars of 4/4: 32
     * quarters), whatever the piece's metre: 16 bars of 2/4 share a row, 10 of 3/4. A piece that would need more than
     * {@link #MAX_ROWS} rows gets longer rows drawn at the same width.
     */
    public static Layout layout(Piece piece, Style style, List<TimeSignature> meter) {
        double length = Math.max(piece.lengthQuarters(), 1e-9);
        double capacity = style.quartersPerBar() * style.barsPerRow();
        // Bar starts past the end too, so that the last bar has an end.
        List<Double> starts = TimeSignature.barStarts(meter, style.quartersPerBar(), length + capacity + 64);
        int used = 0;
        while (used < starts.size() - 1 && starts.get(used) < length - 1e-9) used++;
        used = Math.max(1, used);
        List<Double> rowStarts = rows(starts, used, capacity);
        for (int k = 2; rowStarts.size() > MAX_ROWS; k++) {
            rowStarts = rows(starts, used, style.quartersPerBar() * style.barsPerRow() * k);
            capacity = style.quartersPerBar() * style.barsPerRow() * k;
        }
        double lastEnd = starts.get(used);
        double widest = capacity;
        for (int r = 0; r < rowStarts.size(); r++) {
            widest = Math.max(widest, (r + 1 < rowStarts.size() ? rowStarts.get(r + 1) : lastEnd) - rowStarts.get(r));
        }
        double pixelsPerQuarter = style.pixelsPerQuarter() * style.quartersPerBar() * style.barsPerRow() / capacity;
        return new Layout(style, List.copyOf(rowStarts), lastEnd, List.copyOf(starts.subList(0, used)),
                lowestShown(piece), highestShown(piece), pixelsPerQuarter, widest);
    }

    /** Where rows start when each holds as many whole bars as fit in {@code capacity} quarters (at least one). */
    private static List<Double> rows(List<Double> starts, int used, double capacity) {
        List<Double> rowStarts = new ArrayList<>();
        rowStarts.add(starts.get(0));
        for (int b = 1; b < used; b++) {
            double rowStart = rowStarts.get(rowStarts.size() - 1);
            if (starts.get(b + 1) - rowStart > capacity + 1e-9 && starts.get(b) > rowStart) rowStarts.add(starts.get(b));
        }
        return rowStarts;
    }

    public static int width(Piece piece, Style style) {
        return layout(piece, style, List.of()).width();
    }

    public static int height(Piece piece, Style style) {
        return layout(piece, style, List.of()).height();
    }

    public static BufferedImage draw(Piece piece, Style style) {
        return draw(piece, style, List.of());
    }

    /** The name of a C row's label: MIDI 60 is C4 (middle C). */
    public static String octaveName(int pitch) {
        return "C" + (pitch / 12 - 1);
    }

    public static BufferedImage draw(Piece piece, Style style, List<TimeSignature> meter) {
        Layout l = layout(piece, style, meter);
        BufferedImage image = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, l.width(), l.height());
            header(g, piece, style, meter, l);
            for (int r = 0; r < l.rows(); r++) row(g, piece, meter, l, r);
            for (Note note : piece.notes()) drawNote(g, l, note);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void header(Graphics2D g, Piece piece, Style style, List<TimeSignature> meter, Layout l) {
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(piece.name(), 8, 19);
        g.setFont(TEXT);
        g.setColor(LABEL);
        String key = piece.notes().isEmpty() ? "no notes" : "key " + new KeyEstimator().estimate(piece.notes()).describe()
                + " (estimated)";
        String time = meter.isEmpty() ? fraction(style.quartersPerBar()) : meter.get(0).numerator() + "/"
                + meter.get(0).denominator() + (meter.size() > 1 ? " (changes)" : "");
        g.drawString(String.format(Locale.ROOT, "%s  \u00b7  %.0f bpm  \u00b7  %s  \u00b7  %s, %d bars  \u00b7  %d notes",
                key, piece.tempoBpm(), time, clock(piece.lengthSeconds()), l.bars().size(), piece.notes().size()), 8, 38);
    }

    /** A bar of {@code quarters} quarter notes as a time signature: 4 -> 4/4, 3 -> 3/4, 1.5 -> 3/8. */
    private static String fraction(double quarters) {
        if (Math.abs(quarters - Math.rint(quarters)) < 1e-9) return (long) Math.rint(quarters) + "/4";
        return Math.round(quarters * 2) + "/8";
    }

    private static void row(Graphics2D g, Piece piece, List<TimeSignature> meter, Layout l, int r) {
        int top = l.rowTop(r);
        int bottom = top + l.rollHeight();
        int right = l.x(r, l.rowEnd(r));
        int pp = l.style().pixelsPerPitch();
        g.setFont(SMALL);
        int ascent = g.getFontMetrics().getAscent();
        for (int pitch = l.lowest(); pitch <= l.highest(); pitch++) {
            if (pitch % 12 != 0) continue;
            int y = top + (l.highest() - pitch) * pp;
            g.setColor(C_LINE);
            g.fillRect(LABEL_WIDTH, y, right - LABEL_WIDTH, pp);
            g.setColor(LABEL);
            g.drawString(octaveName(pitch), 4, Math.min(bottom, Math.max(top + ascent, y + pp / 2 + ascent / 2)));
        }
        for (int b = 0; b < l.bars().size(); b++) {
            double at = l.bars().get(b);
            if (at < l.rowStarts().get(r) - 1e-9 || at >= l.rowEnd(r) - 1e-9) continue;
            int x = l.x(r, at);
            g.setColor(BAR_LINE);
            g.drawLine(x, top, x, bottom - 1);
            g.setColor(LABEL);
            g.drawLine(x, bottom, x, bottom + 3);
            g.drawString(Integer.toString(b + 1), x + 3, bottom + ascent + 1);
        }
        for (TimeSignature t : meter) { // a change of meter named at the top of its bar
            if (t.atQuarter() > 0 && t.atQuarter() >= l.rowStarts().get(r) - 1e-9 && t.atQuarter() < l.rowEnd(r) - 1e-9) {
                g.drawString(t.toString(), l.x(r, t.atQuarter()) + 3, top + ascent);
            }
        }
        g.setColor(ROW_FRAME);
        g.drawRect(LABEL_WIDTH, top, right - LABEL_WIDTH, l.rollHeight() - 1);
        g.setColor(LABEL);
        g.drawString(clock(l.rowStarts().get(r) * 60 / piece.tempoBpm()), 4, bottom + ascent + 1);
    }

    /** A note crossing the end of a row goes on in the next one. */
    private static void drawNote(Graphics2D g, Layout l, Note note) {
        int pp = l.style().pixelsPerPitch();
        for (int r = l.row(note.onset()); r < l.rows() && l.rowStarts().get(r) < note.end() - 1e-9; r++) {
            double from = Math.max(note.onset(), l.rowStarts().get(r));
            double to = Math.min(note.end(), l.rowEnd(r));
            int x0 = l.x(r, from);
            int w = Math.max(1, l.x(r, to) - x0);
            int y0 = l.rowTop(r) + (l.highest() - note.pitch()) * pp;
            g.setColor(shade(note.velocity()));
            g.fillRect(x0, y0, w, pp);
            if (w > 4 && pp >= 5) { // on thin rows an outline would hide the shade
                g.setColor(OUTLINE);
                g.drawRect(x0, y0, w - 1, pp - 1);
            }
        }
    }

    /** Seconds as m:ss. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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
