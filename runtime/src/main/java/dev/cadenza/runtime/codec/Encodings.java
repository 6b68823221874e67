package dev.cadenza.runtime.codec;

import java.util.List;

/** Looks encodings up by the name users type. */
public final class Encodings {
    public static final String DEFAULT = TimedEncoding.NAME;
    private static final List<Encoding> ALL = List.of(new TimedEncoding(), new ClassicEncoding(), new MergedEncoding());

    private Encodings() {
    }

    public static Encoding byName(String name) {
        for (Encoding encoding : ALL) {
            if (encoding.name().equalsIgnoreCase(name)) return encoding;
        }
        throw new IllegalArgumentException("unknown encoding '" + name + "' (choose from " + names() + ")");
    }

    public static List<String> names() {
        return ALL.stream().map(Encoding::name).toList();
    }
}
