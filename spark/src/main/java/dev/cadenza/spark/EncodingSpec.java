package dev.cadenza.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;

/**
 * An encoding as it travels to the executors: its name, version and options, the same three things a vocabulary file
 * records. Each executor rebuilds the very encoding the driver chose with {@link Encodings#of}.
 */
public record EncodingSpec(String name, int version, Map<String, String> options) implements Serializable {
    public EncodingSpec {
        options = new LinkedHashMap<>(options); // a plain, serializable map whatever the encoding handed over
    }

    public static EncodingSpec of(Encoding encoding) {
        return new EncodingSpec(encoding.name(), encoding.version(), encoding.options());
    }

    public Encoding encoding() {
        return Encodings.of(name, version, options);
    }
}
