package dev.cadenza.app.score;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.music.KeyEstimator;
import org.audiveris.proxymusic.Attributes;
import org.audiveris.proxymusic.Backup;
import org.audiveris.proxymusic.Clef;
import org.audiveris.proxymusic.ClefSign;
import org.audiveris.proxymusic.Direction;
import org.audiveris.proxymusic.DirectionType;
import org.audiveris.proxymusic.Dynamics;
import org.audiveris.proxymusic.Empty;
import org.audiveris.proxymusic.EmptyPlacement;
import org.audiveris.proxymusic.Notations;
import org.audiveris.proxymusic.NoteType;
import org.audiveris.proxymusic.ObjectFactory;
import org.audiveris.proxymusic.PartList;
import org.audiveris.proxymusic.PartName;
import org.audiveris.proxymusic.Pitch;
import org.audiveris.proxymusic.Rest;
import org.audiveris.proxymusic.ScorePart;
import org.audiveris.proxymusic.ScorePartwise;
import org.audiveris.proxymusic.Sound;
import org.audiveris.proxymusic.StartStop;
import org.audiveris.proxymusic.Step;
import org.audiveris.proxymusic.Tie;
import org.audiveris.proxymusic.Tied;
import org.audiveris.proxymusic.TiedType;
import org.audiveris.proxymusic.Time;
import org.audiveris.proxymusic.TimeModification;
import org.audiveris.proxymusic.AboveBelow;
import org.audiveris.proxymusic.util.Marshalling;

/**
 * Writes a piece as a MusicXML 4.0 piano score that notation programs (MuseScore among them) open: one part on two
 * staves, notes from middle C up on the treble staff and below it on the bass staff; the estimated key and the
 * time signature; every onset and length quantised to the timed encoding's grid (12 steps per quarter note, so
 * sixteenths and triplets are exact); notes that cross a bar line, or need more than one written value, tied; and
 * a dynamic mark (pp to ff) wherever the loudness changes, from the velocity of the notes. Each staff is one voice
 * of chords: notes that start together sound together for the shortest time that keeps the voice in order, which
 * is what a reader needs; the MIDI file keeps the exact lengths.
 */
public final class MusicXmlWriter {
    /** Middle C and above go on the treble staff. */
    static final int SPLIT_PITCH = 60;
    private static final ObjectFactory XML = new ObjectFactory();
    private static final String[] SHARP_STEPS = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
    private static final int[] SHARP_ALTER = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};
    private static final String[] FLAT_STEPS = {"C", "D", "D", "E", "E", "F", "G", "G", "A", "A", "B", "B"};
    private static final int[] FLAT_ALTER = {0, -1, 0, -1, 0, 0, -1, 0, -1, 0, -1, 0};
    /** Fifths of each major key by its tonic's pitch class (C, Db, D, Eb, E, F, F#, G, Ab, A, Bb, B). */
    private static final int[] MAJOR_FIFTHS = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};

    private MusicXmlWriter() {
    }

    /** A note on the grid: onset and length in steps of 1/12 quarter. */
    record GridNote(int onset, int length, int pitch, int velocity) {
    }

    /** A stretch of one staff: a chord (notes sounding together) or, with no pitches, a rest. */
    record Event(int start, int length, List<GridNote> notes) {
        boolean rest() {
            return notes.isEmpty();
        }
    }

    /** What one staff writes in one bar: part of an event, spelled as one written value, tied to its neighbours. */
    record Segment(Event event, NoteValues.Value value, boolean tieStop, boolean tieStart, boolean first) {
    }

    /** Writes {@code piece} to {@code file} (atomically) in the metre of {@code meter}'s first signature, else 4/4. */
    public static void write(Piece piece, Path file, List<TimeSignature> meter) throws IOException {
        ScorePartwise score = score(piece, meter.isEmpty() ? TimeSignature.COMMON : meter.get(0));
        AtomicFiles.write(file, out -> {
            try {
                Marshalling.marshal(score, out, false, 2);
            } catch (Marshalling.MarshallingException e) {
                throw new IOException(file + ": cannot write MusicXML (" + e.getMessage() + ")", e);
            }
        });
    }

    /** Onsets and lengths on the grid; a note shorter than a step lasts one. */
    static List<GridNote> quantise(Piece piece) {
        List<GridNote> out = new ArrayList<>();
        for (Note n : piece.notes()) {
            int on = (int) Math.round(n.onset() * NoteValues.DIVISIONS);
            int end = (int) Math.round(n.end() * NoteValues.DIVISIONS);
            out.add(new GridNote(on, Math.max(1, end - on), n.pitch(), n.velocity()));
        }
        return out;
    }

    /** One staff's events from its notes, rests filling the gaps, up to {@code end} steps. */
    static List<Event> events(List<GridNote> notes, int end) {
        TreeMap<Integer, List<GridNote>> byOnset = new TreeMap<>();
        for (GridNote n : notes) byOnset.computeIfAbsent(n.onset(), k -> new ArrayList<>()).add(n);
        List<Event> events = new ArrayList<>();
        int cursor = 0;
        for (Map.Entry<Integer, List<GridNote>> e : byOnset.entrySet()) {
            int start = e.getKey();
            if (start < cursor) continue; // swallowed by the chord before, which the voice cannot leave early
            if (start > cursor) events.add(new Event(cursor, start - cursor, List.of()));
            Integer next = byOnset.higherKey(start);
            int longest = e.getValue().stream().mapToInt(GridNote::length).max().orElse(1);
            int length = next == null ? longest : Math.min(longest, next - start);
            events.add(new Event(start, length, List.copyOf(e.getValue())));
            cursor = start + length;
        }
        if (cursor < end) events.add(new Event(cursor, end - cursor, List.of()));
        return events;
    }

    /** The events cut at bar lines and spelled as written values, by bar. */
    static List<List<Segment>> segments(List<Event> events, int barSteps, int bars) {
        List<List<Segment>> byBar = new ArrayList<>();
        for (int b = 0; b < bars; b++) byBar.add(new ArrayList<>());
        for (Event e : events) {
            List<int[]> parts = new ArrayList<>(); // {bar, value index in spelled}
            List<NoteValues.Value> values = new ArrayList<>();
            int at = e.start();
            int end = e.start() + e.length();
            while (at < end) {
                int bar = at / barSteps;
                int piece = Math.min(end, (bar + 1) * barSteps) - at;
                for (NoteValues.Value v : NoteValues.spell(piece)) {
                    parts.add(new int[] {bar});
                    values.add(v);
                }
                at += piece;
            }
            for (int i = 0; i < values.size(); i++) {
                boolean tied = !e.rest();
                byBar.get(parts.get(i)[0]).add(new Segment(e, values.get(i), tied && i > 0, tied && i < values.size() - 1, i == 0));
            }
        }
        return byBar;
    }

    static ScorePartwise score(Piece piece, TimeSignature time) {
        List<GridNote> notes = quantise(piece);
        int barSteps = (int) Math.round(time.quartersPerBar() * NoteValues.DIVISIONS);
        int last = notes.stream().mapToInt(n -> n.onset() + n.length()).max().orElse(1);
        int bars = Math.max(1, (last + barSteps - 1) / barSteps);
        int end = bars * barSteps;
        List<List<Segment>> treble = segments(events(notes.stream().filter(n -> n.pitch() >= SPLIT_PITCH).toList(), end),
                barSteps, bars);
        List<List<Segment>> bass = segments(events(notes.stream().filter(n -> n.pitch() < SPLIT_PITCH).toList(), end),
                barSteps, bars);
        Key key = new KeyEstimator().estimate(piece.notes().isEmpty() ? List.of(new Note(0, 1, 60, 64)) : piece.notes());
        int fifths = MAJOR_FIFTHS[key.minor() ? (key.tonic() + 3) % 12 : key.tonic()];

        ScorePartwise score = new ScorePartwise();
        score.setVersion("4.0");
        score.setMovementTitle(piece.name().replaceFirst("(?i)\\.midi?$", ""));
        ScorePart scorePart = new ScorePart();
        scorePart.setId("P1");
        PartName name = new PartName();
        name.setValue("Piano");
        scorePart.setPartName(name);
        PartList partList = new PartList();
        partList.getPartGroupOrScorePart().add(scorePart);
        score.setPartList(partList);
        ScorePartwise.Part part = new ScorePartwise.Part();
        part.setId(scorePart);
        score.getPart().add(part);

        String[] dynamic = {null};
        for (int b = 0; b < bars; b++) {
            ScorePartwise.Part.Measure measure = new ScorePartwise.Part.Measure();
            measure.setNumber(Integer.toString(b + 1));
            List<Object> content = measure.getNoteOrBackupOrForward();
            if (b == 0) {
                content.add(attributes(fifths, key.minor(), time));
                content.add(tempo(piece.tempoBpm()));
            }
            for (Segment s : treble.get(b)) addSegment(content, s, 1, fifths, dynamic);
            Backup backup = new Backup();
            backup.setDuration(BigDecimal.valueOf(barSteps));
            content.add(backup);
            String[] bassDynamic = {dynamic[0]}; // one set of marks, placed by the treble; the bass follows them
            for (Segment s : bass.get(b)) addSegment(content, s, 2, fifths, bassDynamic);
            part.getMeasure().add(measure);
        }
        return score;
    }

    private static Attributes attributes(int fifths, boolean minor, TimeSignature time) {
        Attributes a = new Attributes();
        a.setDivisions(BigDecimal.valueOf(NoteValues.DIVISIONS));
        org.audiveris.proxymusic.Key key = new org.audiveris.proxymusic.Key();
        key.setFifths(BigInteger.valueOf(fifths));
        key.setMode(minor ? "minor" : "major");
        a.getKey().add(key);
        Time t = new Time();
        t.getTimeSignature().add(XML.createTimeBeats(Integer.toString(time.numerator())));
        t.getTimeSignature().add(XML.createTimeBeatType(Integer.toString(time.denominator())));
        a.getTime().add(t);
        a.setStaves(BigInteger.TWO);
        a.getClef().add(clef(1, ClefSign.G, 2));
        a.getClef().add(clef(2, ClefSign.F, 4));
        return a;
    }

    private static Clef clef(int staff, ClefSign sign, int line) {
        Clef c = new Clef();
        c.setNumber(BigInteger.valueOf(staff));
        c.setSign(sign);
        c.setLine(BigInteger.valueOf(line));
        return c;
    }

    private static Direction tempo(double bpm) {
        Direction d = new Direction();
        Sound sound = new Sound();
        sound.setTempo(BigDecimal.valueOf(Math.round(bpm)));
        d.setSound(sound);
        DirectionType words = new DirectionType();
        org.audiveris.proxymusic.FormattedTextId text = new org.audiveris.proxymusic.FormattedTextId();
        text.setValue("\u2669 = " + Math.round(bpm));
        words.getWordsOrSymbol().add(text);
        d.getDirectionType().add(words);
        d.setPlacement(AboveBelow.ABOVE);
        d.setStaff(BigInteger.ONE);
        return d;
    }

    /** pp to ff from a MIDI velocity. */
    static String dynamic(int velocity) {
        if (velocity < 40) return "pp";
        if (velocity < 55) return "p";
        if (velocity < 70) return "mp";
        if (velocity < 85) return "mf";
        if (velocity < 100) return "f";
        return "ff";
    }

    private static void addSegment(List<Object> content, Segment s, int staff, int fifths, String[] dynamic) {
        if (!s.event().rest() && s.first()) {
            String mark = dynamic(s.event().notes().stream().mapToInt(GridNote::velocity).max().orElse(64));
            if (!mark.equals(dynamic[0]) && staff == 1) content.add(dynamics(mark));
            dynamic[0] = mark;
        }
        if (s.event().rest()) {
            content.add(note(null, s, staff, fifths, false));
            return;
        }
        List<GridNote> chord = s.event().notes().stream().sorted(java.util.Comparator.comparingInt(GridNote::pitch)).toList();
        for (int i = 0; i < chord.size(); i++) content.add(note(chord.get(i), s, staff, fifths, i > 0));
    }

    private static Direction dynamics(String mark) {
        Dynamics d = new Dynamics();
        Empty empty = new Empty();
        d.getPOrPpOrPpp().add(switch (mark) {
            case "pp" -> XML.createDynamicsPp(empty);
            case "p" -> XML.createDynamicsP(empty);
            case "mp" -> XML.createDynamicsMp(empty);
            case "mf" -> XML.createDynamicsMf(empty);
            case "f" -> XML.createDynamicsF(empty);
            default -> XML.createDynamicsFf(empty);
        });
        DirectionType type = new DirectionType();
        type.getDynamics().add(d);
        Direction direction = new Direction();
        direction.getDirectionType().add(type);
        direction.setPlacement(AboveBelow.BELOW);
        direction.setStaff(BigInteger.ONE);
        return direction;
    }

    private static org.audiveris.proxymusic.Note note(GridNote n, Segment s, int staff, int fifths, boolean inChord) {
        org.audiveris.proxymusic.Note note = new org.audiveris.proxymusic.Note();
        if (inChord) note.setChord(new Empty());
        if (n == null) {
            note.setRest(new Rest());
        } else {
            note.setPitch(pitch(n.pitch(), fifths));
        }
        note.setDuration(BigDecimal.valueOf(s.value().steps()));
        if (s.tieStop()) note.getTie().add(tie(StartStop.STOP));
        if (s.tieStart()) note.getTie().add(tie(StartStop.START));
        note.setVoice(Integer.toString(staff));
        NoteType type = new NoteType();
        type.setValue(s.value().type());
        note.setType(type);
        for (int d = 0; d < s.value().dots(); d++) note.getDot().add(new EmptyPlacement());
        if (s.value().triplet()) {
            TimeModification triplet = new TimeModification();
            triplet.setActualNotes(BigInteger.valueOf(3));
            triplet.setNormalNotes(BigInteger.TWO);
            note.setTimeModification(triplet);
        }
        note.setStaff(BigInteger.valueOf(staff));
        if (s.tieStop() || s.tieStart()) {
            Notations notations = new Notations();
            if (s.tieStop()) notations.getTiedOrSlurOrTuplet().add(tied(TiedType.STOP));
            if (s.tieStart()) notations.getTiedOrSlurOrTuplet().add(tied(TiedType.START));
            note.getNotations().add(notations);
        }
        return note;
    }

    /** Sharps in sharp keys (and C), flats in flat keys. */
    static Pitch pitch(int midi, int fifths) {
        int pc = Math.floorMod(midi, 12);
        Pitch p = new Pitch();
        p.setStep(Step.valueOf(fifths >= 0 ? SHARP_STEPS[pc] : FLAT_STEPS[pc]));
        int alter = fifths >= 0 ? SHARP_ALTER[pc] : FLAT_ALTER[pc];
        if (alter != 0) p.setAlter(BigDecimal.valueOf(alter));
        p.setOctave(midi / 12 - 1);
        return p;
    }

    private static Tie tie(StartStop type) {
        Tie t = new Tie();
        t.setType(type);
        return t;
    }

    private static Tied tied(TiedType type) {
        Tied t = new Tied();
        t.setType(type);
        return t;
    }
}
