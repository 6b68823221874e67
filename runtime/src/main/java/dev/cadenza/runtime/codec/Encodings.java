package dev.cadenza.runtime.codec;

import java.util.List;
import java.util.Map;

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

    /**
     * The encoding a vocabulary file or model describes: its name, version and options.
     *
     * @throws IllegalArgumentException for an unknown name, or options the encoding does not take
     */
    public static Encoding of(String name, int version, Map<String, String> options) {
        Encoding plain = byName(name);
        if (plain instanceof TimedEncoding) return TimedEncoding.of(version, options);
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("the " + plain.name() + " encoding takes no options, got " + options.keySet());
        }
        return plain;
    }

    public static List<String> names() {
        return ALL.stream().map(Encoding::name).toList();
    }
}
