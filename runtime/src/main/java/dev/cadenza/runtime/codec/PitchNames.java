package dev.cadenza.runtime.codec;

/**
 * Pitch names as music21 spells them when it reads MIDI: sharps for C#, F#, G#, flats (written {@code -}) for E-
 * and B-, and the octave number with middle C (MIDI 60) as C4.
 */
public final class PitchNames {
    private static final String[] NAMES = {"C", "C#", "D", "E-", "E", "F", "F#", "G", "G#", "A", "B-", "B"};

    private PitchNames() {
    }

    public static String name(int midiPitch) {
        if (midiPitch < 0 || midiPitch > 127) throw new IllegalArgumentException("MIDI pitch out of range: " + midiPitch);
        return NAMES[midiPitch % 12] + (midiPitch / 12 - 1);
    }

    /**
     * Parses a name such as {@code C4}, {@code F#5}, {@code B-2}, {@code Db3} or {@code E--4} (any number of sharps
     * or flats) back into a MIDI pitch.
     *
     * @throws IllegalArgumentException if it is not a pitch name
     */
    public static int parse(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty pitch name");
        int pc = switch (Character.toUpperCase(name.charAt(0))) {
            case 'C' -> 0;
            case 'D' -> 2;
            case 'E' -> 4;
            case 'F' -> 5;
            case 'G' -> 7;
            case 'A' -> 9;
            case 'B' -> 11;
            default -> throw new IllegalArgumentException("not a pitch name: " + name);
        };
        int i = 1;
        // As in music21, '-' is always a flat ("B-2" is B flat in octave 2); 'b' is accepted too.
        while (i < name.length() && "#-b".indexOf(name.charAt(i)) >= 0) {
            pc += name.charAt(i) == '#' ? 1 : -1;
            i++;
        }
        String octave = name.substring(i);
        if (octave.isEmpty()) throw new IllegalArgumentException("pitch name without octave: " + name);
        int midi;
        try {
            midi = (Integer.parseInt(octave) + 1) * 12 + pc;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pitch name: " + name);
        }
        if (midi < 0 || midi > 127) throw new IllegalArgumentException("pitch outside MIDI range: " + name);
        return midi;
    }

}
