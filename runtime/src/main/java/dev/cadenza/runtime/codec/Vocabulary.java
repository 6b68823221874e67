package dev.cadenza.runtime.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.io.Printable;
import dev.cadenza.runtime.music.Key;

/**
 * Token to id and back, for one encoding. Ids 0..3 are reserved for {@link SpecialTokens} (padding, START, END,
 * unknown); the rest are the corpus tokens in a stable order, so the same corpus always gives the same ids.
 */
public final class Vocabulary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Encoding encoding;
    private final String encodingName;
    private final int encodingVersion;
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    /** Key name to number of corpus pieces in that key, for models with key tokens (empty otherwise). */
    private final Map<String, Integer> keyCounts;

    /** Far above any real corpus (the shipped one has 110 tokens); keeps a tampered file from sizing huge arrays. */
    public static final int MAX_SIZE = 100_000;

    private Vocabulary(Encoding encoding, int encodingVersion, List<String> tokens) {
        this(encoding, encodingVersion, tokens, Map.of());
    }

    private Vocabulary(Encoding encoding, int encodingVersion, List<String> tokens, Map<String, Integer> keyCounts) {
        String encodingName = encoding.name();
        if (tokens.size() > MAX_SIZE) {
            throw new IllegalArgumentException("a vocabulary of " + tokens.size() + " tokens is beyond the limit of " + MAX_SIZE);
        }
        if (tokens.size() < SpecialTokens.ALL.size() || !SpecialTokens.ALL.equals(new ArrayList<>(tokens.subList(0, 4)))) {
            throw new IllegalArgumentException("a vocabulary must start with " + SpecialTokens.ALL);
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null) throw new IllegalArgumentException("token " + i + " is null");
            if (!encoding.isToken(token)) {
                throw new IllegalArgumentException("token " + i + " ('" + dev.cadenza.runtime.io.Printable.of(
                        token.length() > 40 ? token.substring(0, 40) + "..." : token) + "') is not a " + encodingName + " token");
            }
        }
        for (Map.Entry<String, Integer> e : keyCounts.entrySet()) {
            if (!tokens.contains(Key.TOKEN_PREFIX + e.getKey()) || e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("key count " + Printable.of(e.getKey()) + "=" + e.getValue()
                        + " is not a positive count of a key token in the vocabulary");
            }
        }
        this.keyCounts = Collections.unmodifiableMap(new TreeMap<>(keyCounts));
        this.encoding = encoding;
        this.encodingName = encodingName;
        this.encodingVersion = encodingVersion;
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) throw new IllegalArgumentException("duplicate token: " + tokens.get(i));
        }
    }

    /** The style names of the vocabulary's style tokens ({@code s:chopin} is "chopin"), in vocabulary order. */
    public List<String> styles() {
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            String style = TimedEncoding.styleOf(token);
            if (style != null) out.add(style);
        }
        return out;
    }

    public static Vocabulary of(Encoding encoding, List<String> tokens) {
        return new Vocabulary(encoding, encoding.version(), tokens);
    }

    /** Every token seen in the streams (at least {@code minCount} times), after the reserved ones. */
    public static Vocabulary build(Encoding encoding, Collection<? extends List<String>> streams, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> stream : streams) {
            for (String token : stream) counts.merge(token, 1, Integer::sum);
        }
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !SpecialTokens.isSpecial(e.getKey())) kept.add(e.getKey());
        }
        kept.sort(Vocabulary::naturalOrder);
        List<String> all = new ArrayList<>(SpecialTokens.ALL);
        all.addAll(kept);
        return of(encoding, all);
    }

    public static Vocabulary build(Encoding encoding, Collection<? extends List<String>> streams) {
        return build(encoding, streams, 1);
    }

    /** Orders "n:9" before "n:10" and "B-2" near "B2": compares digit runs as numbers. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                int cmp = Long.compare(Long.parseLong(a.substring(si, i)), Long.parseLong(b.substring(sj, j)));
                if (cmp != 0) return cmp;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public int size() {
        return tokens.size();
    }

    /**
     * How many corpus pieces were in each key (key name to count, e.g. "Am" to 3), for a model with key tokens: the
     * distribution {@code generate} draws a piece's key from when none is asked for. Empty when not recorded.
     */
    public Map<String, Integer> keyCounts() {
        return keyCounts;
    }

    /** The same vocabulary with the corpus's key counts recorded (every key must be one of its key tokens). */
    public Vocabulary withKeyCounts(Map<String, Integer> counts) {
        return new Vocabulary(encoding, encodingVersion, tokens, counts);
    }

    public String encodingName() {
        return encodingName;
    }

    public int encodingVersion() {
        return encodingVersion;
    }

    /** The encoding with the options it was built with (velocity bins, pedal). */
    public Encoding encoding() {
        return encoding;
    }

    public List<String> tokens() {
        return tokens;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token's id, or the unknown id if it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, SpecialTokens.UNKNOWN_ID);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("token id out of range: " + id);
        return tokens.get(id);
    }

    public int[] ids(List<String> stream) {
        int[] out = new int[stream.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(stream.get(i));
        return out;
    }

    public List<String> tokens(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(token(id));
        return out;
    }

    /**
     * The known token closest to {@code token} (itself if known), judged by the encoding's musical distance, e.g. the
     * nearest pitch for a note the corpus never had. {@link SpecialTokens#UNKNOWN} when nothing is comparable.
     */
    public String nearest(String token) {
        if (ids.containsKey(token)) return token;
        String best = SpecialTokens.UNKNOWN;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = SpecialTokens.ALL.size(); i < tokens.size(); i++) {
            double d = encoding.distance(token, tokens.get(i));
            if (d < bestDistance) {
                bestDistance = d;
                best = tokens.get(i);
            }
        }
        return best;
    }

    /** A stream mapped onto this vocabulary, and which unknown tokens were replaced by what. */
    public record Mapped(List<String> tokens, Map<String, String> replacements) {
        public Mapped {
            tokens = List.copyOf(tokens);
            replacements = Collections.unmodifiableMap(new TreeMap<>(replacements));
        }
    }

    /** Replaces every unknown token by its {@link #nearest} known one. */
    public Mapped mapToKnown(List<String> stream) {
        Map<String, String> replacements = new LinkedHashMap<>();
        List<String> out = new ArrayList<>(stream.size());
        for (String token : stream) {
            if (ids.containsKey(token)) {
                out.add(token);
            } else {
                String near = replacements.computeIfAbsent(token, this::nearest);
                out.add(near);
            }
        }
        return new Mapped(out, replacements);
    }

    // ---- JSON ----

    // Options are left out when there are none, so a version 1 vocabulary reads exactly as before they existed.
    private record Json(@JsonProperty("encoding") String encoding,
                        @JsonProperty("encodingVersion") int encodingVersion,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("options") Map<String, String> options,
                        @JsonProperty("tokens") List<String> tokens,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("keys") Map<String, Integer> keys) {
        @JsonCreator
        Json {
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(new Json(encodingName, encodingVersion, encoding.options(), tokens, keyCounts));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException with a one-line reason when the text is not a vocabulary */
    public static Vocabulary fromJson(String text) {
        Json json;
        try {
            json = JSON.readValue(text, Json.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a vocabulary JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a vocabulary JSON: " + e.getMessage());
        }
        if (json.encoding() == null || json.tokens() == null) {
            throw new IllegalArgumentException("vocabulary JSON needs 'encoding' and 'tokens'");
        }
        Encoding encoding = Encodings.byName(json.encoding());
        try {
            encoding = Encodings.of(json.encoding(), json.encodingVersion(),
                    json.options() == null ? Map.of() : json.options());
        } catch (IllegalArgumentException e) {
            // An encoding version this runtime does not know is reported by whoever checks versions (with both
            // numbers); options that do not fit a known version are a broken file.
            if (json.encodingVersion() <= encoding.version() || json.options() != null) throw e;
        }
        return new Vocabulary(encoding, json.encodingVersion(), json.tokens(), json.keys() == null ? Map.of() : json.keys());
    }

    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    public static Vocabulary load(Path file) throws IOException {
        try {
            return fromJson(java.nio.file.Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.encodingName.equals(encodingName) && v.encodingVersion == encodingVersion
                && v.encoding.options().equals(encoding.options()) && v.tokens.equals(tokens) && v.keyCounts.equals(keyCounts);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode() * 31 + encodingName.hashCode();
    }
}
