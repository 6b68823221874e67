package dev.cadenza.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.MusicClock;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.TimeLimit;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.music.Key;

/**
 * Turns a request body into a {@link GenerationOrder}, or refuses it with a one-line reason: malformed JSON,
 * unknown fields, values of the wrong type or out of range, a primer that is not MIDI (400), a request asking for
 * more tokens than the server allows (413).
 */
public final class OrderReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int DEFAULT_LENGTH = 500;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private final ServeSettings settings;
    private final Tokenizer tokenizer;
    private final MusicClock clock;
    private final double modelTempo;
    private final String defaultPrefix;

    public OrderReader(ServeSettings settings, Tokenizer tokenizer, double modelTempo, String defaultPrefix) {
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.clock = MusicClock.of(tokenizer);
        this.modelTempo = modelTempo;
        this.defaultPrefix = defaultPrefix;
    }

    /**
     * @param body      the request body
     * @param wantsMidi the client asked for {@code audio/midi}
     */
    public GenerationOrder read(byte[] body, boolean wantsMidi) {
        GenerateBody b = parse(body);
        int count = b.count() == null ? 1 : b.count();
        range("count", count, 1, settings.maxBatch(), "the server's --max-batch");
        int length = b.length() == null ? DEFAULT_LENGTH : b.length();
        range("length", length, 1, settings.maxLength(), "the server's --max-length");
        if ((long) count * length > settings.maxTokens()) {
            throw new HttpProblem(413, "count x length = " + (long) count * length + " tokens is more than this server's "
                    + "limit of " + settings.maxTokens() + " per request");
        }
        Sampling sampling = sampling(b);
        double tempo = b.tempo() == null ? modelTempo : b.tempo();
        if (!(tempo >= 10 && tempo <= 400)) throw HttpProblem.badRequest("tempo must be 10..400 BPM, got " + b.tempo());
        String prefix = b.name() == null ? defaultPrefix : b.name();
        if (!NAME.matcher(prefix).matches()) {
            throw HttpProblem.badRequest("name must be 1..64 letters, digits, '.', '_' or '-', got '" + abbreviate(prefix) + "'");
        }
        long deadline = settings.deadline().toMillis();
        if (b.deadlineMillis() != null) {
            if (b.deadlineMillis() < 1 || b.deadlineMillis() > deadline) {
                throw HttpProblem.badRequest("deadlineMillis must be 1.." + deadline + " (the server's --deadline), got "
                        + b.deadlineMillis());
            }
            deadline = b.deadlineMillis();
        }
        boolean stream = Boolean.TRUE.equals(b.stream());
        if (wantsMidi && count != 1) {
            throw new HttpProblem(406, "Accept: audio/midi returns one MIDI file, so count must be 1 (got " + count
                    + "); ask for application/json to get several pieces");
        }
        if (wantsMidi && stream) throw new HttpProblem(406, "Accept: audio/midi cannot be combined with \"stream\": true");
        if (b.seed() != null && b.seed() < 0) throw HttpProblem.badRequest("seed must be 0 or more (as generate's --seed), got " + b.seed());
        long seed = b.seed() != null ? b.seed() : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        // As generate: a key-token model starts each piece in a key, the asked one or one drawn per piece from the
        // corpus's keys with the seed; a primer file is every piece's start.
        List<Primer> primers = b.key() != null ? keyPrimers(b.key(), b.primer(), count, seed)
                : b.primer() != null ? java.util.Collections.nCopies(count, primer(b.primer()))
                : Primers.starts(tokenizer, count, seed, null);
        Primer primer = primers.get(0);
        // As generate: about a minute unless told otherwise, 0 for no length in music; length stays the hard cap.
        double seconds = b.seconds() != null ? b.seconds() : MusicLength.DEFAULT_SECONDS;
        if (!(seconds >= 0 && seconds <= MusicLength.MAX_SECONDS)) {
            throw HttpProblem.badRequest("seconds must be 0 (no length in music) to " + (int) MusicLength.MAX_SECONDS
                    + ", got " + seconds);
        }
        TimeLimit until = seconds == 0 ? null : MusicLength.seconds(seconds).limit(clock, clock.quarters(primer.ids()), tempo);
        return new GenerationOrder(count, length, sampling, seed, tempo, primers, prefix, stream, wantsMidi,
                Duration.ofMillis(deadline), until);
    }

    private GenerateBody parse(byte[] body) {
        if (body.length == 0) throw HttpProblem.badRequest("the body is empty; send a JSON object such as {\"count\": 1}");
        try {
            GenerateBody b = json.readValue(body, GenerateBody.class);
            if (b == null) throw HttpProblem.badRequest("the body is JSON null; send a JSON object such as {\"count\": 1}");
            return b;
        } catch (UnrecognizedPropertyException e) {
            throw HttpProblem.badRequest("unknown field '" + e.getPropertyName() + "' (known: count, length, temperature, "
                    + "topK, topP, greedy, seed, tempo, primer, name, stream, deadlineMillis, seconds, key)");
        } catch (InvalidFormatException e) {
            throw HttpProblem.badRequest("field '" + field(e) + "' has the wrong type: " + e.getValue()
                    + " is not " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String f = field(e);
            if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                throw HttpProblem.badRequest("malformed JSON: the body holds more than one JSON value");
            }
            if (f.isEmpty()) throw HttpProblem.badRequest("the body must be a JSON object such as {\"count\": 1}");
            throw HttpProblem.badRequest("field '" + f + "' must be " + typeName(e.getTargetType()));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw HttpProblem.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("unreadable body: " + firstLine(e.getMessage()));
        }
    }

    private static Sampling sampling(GenerateBody b) {
        if (Boolean.TRUE.equals(b.greedy())) {
            if (b.temperature() != null || b.topK() != null || b.topP() != null) {
                throw HttpProblem.badRequest("greedy takes the likeliest token: leave out temperature, topK and topP");
            }
            return Sampling.GREEDY;
        }
        Sampling.Sampled d = Sampling.DEFAULT;
        double t = b.temperature() == null ? d.temperature() : b.temperature();
        if (!(t > 0 && t <= 100)) throw HttpProblem.badRequest("temperature must be in (0, 100], got " + b.temperature());
        int k = b.topK() == null ? d.topK() : b.topK();
        if (k < 0 || k > 100_000) throw HttpProblem.badRequest("topK must be 0 (off) .. 100000, got " + k);
        double p = b.topP() == null ? d.topP() : b.topP();
        if (!(p > 0 && p <= 1)) throw HttpProblem.badRequest("topP must be in (0, 1], got " + b.topP());
        return new Sampling.Sampled(t, k, p);
    }

    /** {@code <start> k:KEY} for every piece, as {@code generate --key}; refused without key tokens or with a primer. */
    private List<Primer> keyPrimers(String key, String base64, int count, long seed) {
        if (base64 != null) throw HttpProblem.badRequest("key starts every piece from the beginning; leave out primer");
        Key parsed;
        try {
            parsed = Key.parse(key);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("key: " + e.getMessage());
        }
        try {
            return Primers.starts(tokenizer, count, seed, parsed);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("key: " + e.getMessage());
        }
    }

    private Primer primer(String base64) {
        if (base64 == null) return Primers.start();
        byte[] midi;
        try {
            midi = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("primer is not valid base64: " + firstLine(e.getMessage()));
        }
        try {
            return Primers.fromMidi(Path.of("primer"), midi, tokenizer);
        } catch (MidiFileException e) {
            throw HttpProblem.badRequest("primer: " + e.problem());
        }
    }

    private static void range(String field, int value, int min, int max, String maxName) {
        if (value < min || value > max) {
            throw HttpProblem.badRequest(field + " must be " + min + ".." + max + " (" + maxName + "), got " + value);
        }
    }

    private static String field(MismatchedInputException e) {
        StringBuilder s = new StringBuilder();
        for (var ref : e.getPath()) {
            if (s.length() > 0) s.append('.');
            s.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return s.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) return "of another type";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        return "a JSON object";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    static String firstLine(String m) {
        if (m == null) return "";
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
