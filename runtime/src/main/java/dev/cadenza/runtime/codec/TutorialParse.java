package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sound.midi.ShortMessage;

import dev.cadenza.runtime.midi.MidiTracks;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TrackEvent;

/**
 * The notes and chords the tutorial's {@code get_notes} collects from one MIDI file: music21 5.1's MIDI import
 * ({@code converter.parse}), then {@code instrument.partitionByInstrument} and its first part. The rules, each pinned
 * by a test and explained in docs/encodings.md:
 * <ol>
 *   <li>Every track with a sounding note-on is a part of its own; tracks are never merged into chords.</li>
 *   <li>A note-on ends at the next not yet used note event (on or off) of the same pitch and channel; a note-on
 *       with nothing after it is dropped.</li>
 *   <li>Within a track, a note and the following notes that start within 1/16 of a quarter of it and also end within
 *       1/16 of a quarter of it form one chord; a note starting together with it but ending elsewhere stays apart.</li>
 *   <li>Onsets are then snapped to the music21 grid ({@link Music21Grid}); they only order the result.</li>
 *   <li>Program changes name instruments ({@link Music21Instruments}). With none anywhere, every part counts.
 *       Otherwise the first instrument (in track order, then time) wins, and only notes inside the time spans of
 *       instruments of that name are kept, from every track. When music21's partition fails (see
 *       {@link #partitionFails}) every part counts again.</li>
 *   <li>Result order: onset, then track, then the order in the track.</li>
 * </ol>
 */
public final class TutorialParse {
    /** music21 5.1 groups notes into chords when onsets and ends lie within 1/16 of a quarter note. */
    private static final double CHORD_TOLERANCE_QUARTERS = 1.0 / 16;
    /** Resolution used for pieces that did not come from a file (already merged notes): one track. */
    private static final int SYNTHETIC_TICKS_PER_QUARTER = 480;

    /**
     * A note (one pitch) or chord as music21 makes it.
     *
     * @param offset  onset in quarter notes, on the music21 grid
     * @param track   index of the track in the file
     * @param order   position among the track's notes and chords before snapping
     * @param pitches MIDI pitches, in the order music21 gathered them (a chord may repeat a pitch)
     */
    public record Element(double offset, int track, int order, List<Integer> pitches, double quarterLength) {
        public boolean isChord() {
            return pitches.size() > 1;
        }
    }

    private record TimedNote(long on, long off, int pitch) {
    }

    private record Instrument(double offset, String name, int order) {
    }

    /** @param zeroLength offsets of the part's zero-length elements (signatures, tempo marks, notes snapped to 0) */
    private record Part(int track, List<Element> elements, List<Instrument> instruments, Set<Double> zeroLength) {
    }

    private TutorialParse() {
    }

    /** The elements the tutorial keeps from {@code piece}, in its order. */
    public static List<Element> elements(Piece piece) {
        MidiTracks tracks = piece.tracks() != null ? piece.tracks() : synthetic(piece);
        List<Part> parts = new ArrayList<>();
        Set<Double> conductorSignatures = new HashSet<>();
        Set<Double> conductorTempos = new HashSet<>();
        for (int t = 0; t < tracks.tracks().size(); t++) {
            List<TrackEvent> events = tracks.tracks().get(t);
            if (events.stream().anyMatch(TutorialParse::soundingNoteOn)) {
                parts.add(part(t, events, tracks.ticksPerQuarter()));
                continue;
            }
            // A track without notes is no part, but music21 copies its signatures into every part and its tempo
            // marks into the first.
            for (TrackEvent e : events) {
                if (!e.isMeta()) continue;
                double offset = Music21Grid.snap(e.tick() / tracks.ticksPerQuarter());
                (e.command() == TrackEvent.TEMPO ? conductorTempos : conductorSignatures).add(offset);
            }
        }
        for (Part part : parts) part.zeroLength().addAll(conductorSignatures);
        if (!parts.isEmpty()) parts.get(0).zeroLength().addAll(conductorTempos);
        List<Element> kept = firstInstrument(parts);
        kept.sort(Comparator.comparingDouble(Element::offset).thenComparingInt(Element::track)
                .thenComparingInt(Element::order));
        return kept;
    }

    private static boolean soundingNoteOn(TrackEvent e) {
        return e.command() == ShortMessage.NOTE_ON && e.data2() > 0;
    }

    private static boolean noteEvent(TrackEvent e) {
        return e.command() == ShortMessage.NOTE_ON || e.command() == ShortMessage.NOTE_OFF;
    }

    private static Part part(int track, List<TrackEvent> events, double ticksPerQuarter) {
        List<TimedNote> notes = pair(events);
        List<Element> elements = new ArrayList<>();
        double tolerance = ticksPerQuarter * CHORD_TOLERANCE_QUARTERS;
        boolean[] gathered = new boolean[notes.size()];
        for (int i = 0; i < notes.size(); i++) {
            if (gathered[i]) continue;
            TimedNote first = notes.get(i);
            List<Integer> pitches = new ArrayList<>();
            pitches.add(first.pitch());
            for (int j = i + 1; j < notes.size(); j++) {
                TimedNote other = notes.get(j);
                if (Math.abs(other.on() - first.on()) > tolerance) break; // notes are in onset order
                if (Math.abs(other.off() - first.off()) > tolerance) continue; // starts together, ends elsewhere
                pitches.add(other.pitch());
                gathered[j] = true;
            }
            elements.add(new Element(Music21Grid.snap(first.on() / ticksPerQuarter), track, elements.size(),
                    List.copyOf(pitches), Music21Grid.snap((first.off() - first.on()) / ticksPerQuarter)));
        }
        List<Instrument> instruments = new ArrayList<>();
        for (TrackEvent e : events) {
            if (e.command() == ShortMessage.PROGRAM_CHANGE) {
                instruments.add(new Instrument(Music21Grid.snap(e.tick() / ticksPerQuarter),
                        Music21Instruments.name(e.data1()), instruments.size()));
            }
        }
        instruments.sort(Comparator.comparingDouble(Instrument::offset).thenComparingInt(Instrument::order));
        Set<Double> zeroLength = new HashSet<>();
        for (TrackEvent e : events) {
            if (e.isMeta()) zeroLength.add(Music21Grid.snap(e.tick() / ticksPerQuarter));
        }
        for (Element e : elements) {
            if (e.quarterLength() == 0) zeroLength.add(e.offset());
        }
        return new Part(track, elements, instruments, zeroLength);
    }

    /**
     * Pairs each sounding note-on with the next unused event of the same pitch and channel, as music21 5.1 does. That
     * event may itself be a note-on (music21 checks pitch and channel only), which then ends the earlier note and is
     * used up rather than starting a note of its own. Because the next such event always ends a waiting note-on, at
     * most one note-on per pitch and channel waits at a time, so one pass suffices (music21 searches forward from
     * every note-on; a file of unreleased notes would make that quadratic here).
     */
    private static List<TimedNote> pair(List<TrackEvent> events) {
        Map<Integer, Integer> waiting = new HashMap<>(); // channel * 128 + pitch -> index of its note-on
        List<int[]> pairs = new ArrayList<>(); // {note-on index, ending event index}
        for (int i = 0; i < events.size(); i++) {
            TrackEvent e = events.get(i);
            if (!noteEvent(e)) continue;
            int key = e.channel() * 128 + e.data1();
            Integer on = waiting.remove(key);
            if (on != null) {
                pairs.add(new int[] {on, i});
            } else if (soundingNoteOn(e)) {
                waiting.put(key, i);
            }
        }
        pairs.sort(Comparator.comparingInt(p -> p[0])); // music21 lists notes in the order of their note-ons
        List<TimedNote> notes = new ArrayList<>(pairs.size());
        for (int[] p : pairs) {
            TrackEvent on = events.get(p[0]);
            notes.add(new TimedNote(on.tick(), events.get(p[1]).tick(), on.data1()));
        }
        return notes;
    }

    /**
     * {@code partitionByInstrument(...).parts[0]}: without any program change the call fails and the tutorial falls
     * back to every note of the file; otherwise the part of the first instrument found.
     */
    private static List<Element> firstInstrument(List<Part> parts) {
        String first = null;
        for (Part part : parts) {
            if (!part.instruments().isEmpty()) {
                first = part.instruments().get(0).name();
                break;
            }
        }
        List<Element> kept = new ArrayList<>();
        if (first == null || partitionFails(parts)) {
            for (Part part : parts) kept.addAll(part.elements());
            return kept;
        }
        for (Part part : parts) {
            List<Instrument> marks = part.instruments();
            // The last instrument of a part lasts to the part's end: the latest end of any of its elements.
            double end = part.elements().stream().mapToDouble(e -> e.offset() + e.quarterLength()).max().orElse(0);
            for (int k = 0; k < marks.size(); k++) {
                if (!marks.get(k).name().equals(first)) continue;
                double from = marks.get(k).offset();
                double to = k + 1 < marks.size() ? marks.get(k + 1).offset() : Math.max(end, from);
                for (Element e : part.elements()) {
                    if (e.offset() >= from && e.offset() < to) kept.add(e);
                }
            }
        }
        return kept;
    }

    /**
     * music21 5.1's partition fails (and the tutorial falls back to every note) when it would put one element twice
     * into the part of the instrument without a name: instruments that meet at one offset each claim the zero-length
     * elements there, so two nameless ones at an offset that holds a signature, tempo mark or zero-length note clash.
     * For named instruments the same clash is caught inside music21 and ignored.
     */
    private static boolean partitionFails(List<Part> parts) {
        for (Part part : parts) {
            Map<Double, Integer> nameless = new HashMap<>();
            for (Instrument i : part.instruments()) {
                if (i.name().isEmpty()) nameless.merge(i.offset(), 1, Integer::sum);
            }
            for (Map.Entry<Double, Integer> e : nameless.entrySet()) {
                if (e.getValue() >= 2 && part.zeroLength().contains(e.getKey())) return true;
            }
        }
        return false;
    }

    /** A piece without file tracks (decoded or built in code): its merged notes as one track on channel 0. */
    private static MidiTracks synthetic(Piece piece) {
        record Timed(long tick, int order, TrackEvent event) {
        }
        List<Timed> timed = new ArrayList<>();
        int order = 0;
        for (Note n : piece.notes()) {
            long on = Math.round(n.onset() * SYNTHETIC_TICKS_PER_QUARTER);
            long off = Math.max(on + 1, Math.round(n.end() * SYNTHETIC_TICKS_PER_QUARTER));
            timed.add(new Timed(on, order++, new TrackEvent(on, ShortMessage.NOTE_ON, 0, n.pitch(), n.velocity())));
            timed.add(new Timed(off, order++, new TrackEvent(off, ShortMessage.NOTE_OFF, 0, n.pitch(), 0)));
        }
        // At equal ticks a note-off comes first, so a repeated pitch ends the old note before starting the new one.
        timed.sort(Comparator.comparingLong(Timed::tick)
                .thenComparingInt(t -> t.event().command() == ShortMessage.NOTE_OFF ? 0 : 1)
                .thenComparingInt(Timed::order));
        return new MidiTracks(SYNTHETIC_TICKS_PER_QUARTER, List.of(timed.stream().map(Timed::event).toList()));
    }
}
