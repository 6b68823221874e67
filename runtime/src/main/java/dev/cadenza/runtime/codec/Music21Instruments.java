package dev.cadenza.runtime.codec;

/**
 * The instrument name music21 5.1 gives a MIDI program number when it imports a file. music21 groups parts by this
 * name ({@code instrument.partitionByInstrument}), so two programs with the same name (or both without one) count as
 * one instrument. Programs music21 has no class for get a plain instrument without a name: they all group together.
 */
final class Music21Instruments {
    /** Index: program 0..127; null where music21 5.1 has no instrument class for the program. */
    private static final String[] NAMES = new String[128];

    static {
        name(0, "Piano");
        name(6, "Harpsichord");
        name(7, "Clavichord");
        name(8, "Celesta");
        name(9, "Glockenspiel");
        name(11, "Vibraphone");
        name(12, "Marimba");
        name(13, "Xylophone");
        name(14, "Church Bells");
        name(15, "Dulcimer");
        name(16, "Electric Organ");
        name(19, "Organ");
        name(20, "Reed Organ");
        name(21, "Accordion");
        name(22, "Harmonica");
        name(24, "Guitar");
        name(26, "Electric Guitar");
        name(32, "Acoustic Bass");
        name(33, "Electric Bass");
        name(35, "Fretless Bass");
        name(40, "Violin");
        name(41, "Viola");
        name(42, "Violoncello");
        name(43, "Contrabass");
        name(46, "Harp");
        name(47, "Timpani");
        name(48, "StringInstrument");
        name(52, "Voice");
        name(56, "Trumpet");
        name(57, "Trombone");
        name(58, "Tuba");
        name(60, "Horn");
        name(61, "Brass");
        name(64, "Soprano Saxophone");
        name(65, "Saxophone");
        name(66, "Tenor Saxophone");
        name(67, "Baritone Saxophone");
        name(68, "Oboe");
        name(69, "English Horn");
        name(70, "Bassoon");
        name(71, "Clarinet");
        name(72, "Piccolo");
        name(73, "Flute");
        name(74, "Recorder");
        name(75, "Pan Flute");
        name(77, "Shakuhachi");
        name(78, "Whistle");
        name(79, "Ocarina");
        name(104, "Sitar");
        name(105, "Banjo");
        name(106, "Shamisen");
        name(107, "Koto");
        name(108, "Kalimba");
        name(109, "Bagpipes");
        name(111, "Shehnai");
        name(113, "Agogo");
        name(114, "Steel Drum");
        name(115, "Woodblock");
        name(116, "Taiko");
    }

    private Music21Instruments() {
    }

    private static void name(int program, String name) {
        NAMES[program] = name;
    }

    /** music21's name for {@code program}, or "" for a program it names no instrument for. */
    static String name(int program) {
        String name = NAMES[program & 0x7f];
        return name == null ? "" : name;
    }
}
