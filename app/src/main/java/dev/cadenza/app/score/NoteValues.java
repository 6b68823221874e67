package dev.cadenza.app.score;

import java.util.ArrayList;
import java.util.List;

/**
 * Written note values on the encoding's grid of 12 steps per quarter note: which plain, dotted or triplet values
 * spell a length, longest first (a length no single value spells becomes several tied ones).
 */
final class NoteValues {
    /** Steps per quarter note: the timed encoding's grid, where sixteenths (3) and triplet eighths (4) both fit. */
    static final int DIVISIONS = 12;

    /**
     * One written value.
     *
     * @param steps   its length in grid steps
     * @param type    MusicXML's note type name
     * @param dots    augmentation dots
     * @param triplet whether it is a triplet value (3 in the time of 2)
     */
    record Value(int steps, String type, int dots, boolean triplet) {
    }

    private static final List<Value> VALUES = List.of(
            new Value(48, "whole", 0, false),
            new Value(36, "half", 1, false),
            new Value(24, "half", 0, false),
            new Value(18, "quarter", 1, false),
            new Value(12, "quarter", 0, false),
            new Value(9, "eighth", 1, false),
            new Value(8, "quarter", 0, true),
            new Value(6, "eighth", 0, false),
            new Value(4, "eighth", 0, true),
            new Value(3, "16th", 0, false),
            new Value(2, "16th", 0, true),
            new Value(1, "32nd", 0, true));

    private NoteValues() {
    }

    /** The values that spell {@code steps} (at least 1), longest first; their steps add up to {@code steps}. */
    static List<Value> spell(int steps) {
        if (steps < 1) throw new IllegalArgumentException("a note lasts at least one step, got " + steps);
        List<Value> out = new ArrayList<>();
        int left = steps;
        while (left > 0) {
            for (Value v : VALUES) {
                if (v.steps() <= left) {
                    out.add(v);
                    left -= v.steps();
                    break;
                }
            }
        }
        return out;
    }
}
