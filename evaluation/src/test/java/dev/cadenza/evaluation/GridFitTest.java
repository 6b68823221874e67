package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class GridFitTest {

    private static Piece thirtySeconds() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 64; i++) notes.add(new Note(i / 8.0, 1 / 8.0, 60 + i % 12, 80));
        return new Piece("32nds", notes, 120);
    }

    /** Sixteenths played by a person: each onset up to 30 ms early or late at 100 BPM. */
    private static Piece performed() {
        Random random = new Random(3);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double jitter = (random.nextDouble() * 2 - 1) * 0.030 * 100 / 60; // quarters
            notes.add(new Note(1 + i * 0.25 + jitter, 0.25, 60 + i % 7, 80));
        }
        return new Piece("performed", notes, 100);
    }

    @Test
    void aFileSequencedOnTheGridFitsIt() throws Exception {
        GridFit fit = GridFit.of(new MidiReader().read(Path.of("..", "midi_songs", "the-entertainer.mid")));
        assertEquals(1.0, fit.onGrid());
        assertEquals(0.0, fit.deviation(), 1e-9);
        assertTrue(fit.fits());
    }

    @Test
    void thirtySecondNotesNeedAFinerGrid() {
        GridFit fit = GridFit.of(thirtySeconds());
        assertEquals(0.5, fit.onGrid(), 1e-12, "every other 32nd falls half-way between two steps of 12");
        assertEquals(24, fit.grid());
        assertFalse(fit.fits());
        assertTrue(fit.describe().contains("24 per quarter fits"), fit.describe());
    }

    @Test
    void performedTimingFitsNoGrid() {
        GridFit fit = GridFit.of(performed());
        assertTrue(fit.onGrid() < 0.3, "on grid: " + fit.onGrid());
        assertTrue(fit.deviation() > 0.15, "deviation: " + fit.deviation());
        assertEquals(0, fit.grid());
        assertTrue(fit.describe().contains("performed"), fit.describe());
        assertTrue(fit.onGrid() < GridFit.MOSTLY);
    }

    @Test
    void quantisingOnTheGridMovesNothing() throws Exception {
        QuantisationError e = QuantisationError.of(new MidiReader().read(Path.of("..", "midi_songs", "the-entertainer.mid")), 12);
        assertEquals(0.0, e.maxMillis(), 0.5);
        assertEquals(0, e.lost());
    }

    @Test
    void thirtySecondsLoseHalfAStepOnTwelveAndNothingOnTwentyFour() {
        Piece piece = thirtySeconds(); // at 120 BPM a quarter is 500 ms; half a step of 12 is 1/24 quarter
        QuantisationError coarse = QuantisationError.of(piece, 12);
        assertEquals(500.0 / 24, coarse.maxMillis(), 1e-9);
        assertEquals(0.5, coarse.moved(), 1e-12);
        QuantisationError fine = QuantisationError.of(piece, 24);
        assertEquals(0.0, fine.maxMillis(), 1e-9);
        assertEquals(0, fine.lost());
    }

    @Test
    void repeatedNotesFasterThanTheGridAreLost() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 48; i++) notes.add(new Note(i / 48.0, 1 / 48.0, 60, 80)); // one pitch, 48 per quarter
        QuantisationError e = QuantisationError.of(new Piece("trill", notes, 120), 12);
        assertEquals(48 - 13, e.lost(), "48 onsets over one quarter land on 13 steps (0..12)");
    }

    @Test
    void itCountsWhatTheTimedEncodingsRoundTripDoes() {
        Piece piece = performed();
        TimedEncoding encoding = new TimedEncoding(TimedEncoding.Options.VERSION_1);
        Piece decoded = encoding.decode("decoded", encoding.encode(piece), piece.tempoBpm());
        QuantisationError e = QuantisationError.of(piece, TimedEncoding.GRID);
        assertEquals(piece.notes().size() - decoded.notes().size(), e.lost());
        // The decoded stream starts at its first onset; shifted back, every onset is where the error says it went.
        double shift = Math.round(piece.notes().get(0).onset() * TimedEncoding.GRID) / (double) TimedEncoding.GRID;
        double worst = 0;
        for (int i = 0; i < decoded.notes().size(); i++) {
            double moved = Math.abs(piece.notes().get(i).onset() - (decoded.notes().get(i).onset() + shift));
            worst = Math.max(worst, moved * 60_000 / piece.tempoBpm());
        }
        assertEquals(worst, e.maxMillis(), 1e-6);
    }
}
