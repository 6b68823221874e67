package dev.cadenza.server;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.generate.BeamSearch;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.PieceRows;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.SettingException;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.music.Key;

/**
 * Turns a request body into a {@link GenerationOrder}, or refuses it with a one-line reason: malformed JSON,
 * unknown fields, values of the wrong type or out of range, a primer that is not MIDI (400), a request asking for
 * more tokens than the server allows (413).
 */
public final class OrderReader {

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // {"count": 1, "count": 9} is refused rather than read as the last one: a proxy may have read the first.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "name": 1 is a number, not a name: no scalar becomes a string.
            .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, c -> c
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail))
            .build();
    private final ServeSettings settings;
    private final PieceRows pieceRows;
    private final double modelTempo;
    private final String defaultPrefix;

    public OrderReader(ServeSettings settings, Tokenizer tokenizer, double modelTempo, String defaultPrefix) {
        this.settings = settings;
        this.pieceRows = new PieceRows(tokenizer);
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
        // As generate: room for about a minute of music, with the length in music the usual stop.
        int length = b.length() == null ? Math.min(Decoding.DEFAULT_MAX_TOKENS, settings.maxLength()) : b.length();
        range("length", length, 1, settings.maxLength(), "the server's --max-length");
        if ((long) count * length > settings.maxTokens()) {
            throw new HttpProblem(413, "count x length = " + (long) count * length + " tokens is more than this server's "
                    + "limit of " + settings.maxTokens() + " per request");
        }
        String prefix = b.name() == null ? defaultPrefix : b.name();
        // One rule with generate's --name, so a name the server takes is one the CLI takes.
        String nameProblem = prefix.length() > 64 ? "is longer than 64 characters" : dev.cadenza.app.OutputName.problem(prefix);
        if (nameProblem != null) {
            throw HttpProblem.badRequest("name '" + abbreviate(prefix) + "' " + nameProblem);
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
        if (b.greedy() != null && b.greedy() && (b.temperature() != null || b.topK() != null || b.topP() != null)) {
            throw HttpProblem.badRequest("greedy takes the likeliest token: leave out temperature, topK and topP");
        }
        if (b.seconds() != null && b.bars() != null) throw HttpProblem.badRequest("give seconds or bars, not both");
        PrimerChoice choice = b.primer() == null ? PrimerChoice.start() : PrimerChoice.midi("primer", base64(b.primer()));
        try {
            Decoding.Builder d = Decoding.builder()
                    .sampling(sampling(b))
                    .noRepeatNgram(orElse(b.noRepeatNgram(), 0))
                    .key(key(b.key()))
                    .style(b.style() == null ? null : b.style().toLowerCase(java.util.Locale.ROOT))
                    .keyStrength(b.keyStrength() == null ? 0 : b.keyStrength())
                    .maxTokens(length)
                    .seed(b.seed() != null ? b.seed() : Decoding.randomSeed());
            // As generate: about a minute unless told otherwise, 0 for no length in music; length stays the hard cap.
            if (b.bars() != null) {
                d.musicLength(MusicLength.bars(b.bars()));
            } else if (b.seconds() != null) {
                d.musicLength(MusicLength.seconds(b.seconds()));
            }
            d.beam(new BeamSearch(orElse(b.beamSize(), 1), orElse(b.branchFactor(), 1), orElse(b.stepsPerIteration(), 1)));
            double tempo = b.tempo() == null ? modelTempo : b.tempo();
            GenerationRequest.checkTempo(tempo);
            List<Primer> primers = pieceRows.primers(count, d.build(), choice);
            // A primer is fed through the model like generated tokens (and as slowly), so it counts against the limit.
            long primed = 0;
            for (Primer p : primers) primed += p.ids().length;
            if (primed + (long) count * length > settings.maxTokens()) {
                throw new HttpProblem(413, "primer tokens x count + count x length = " + primed + " + " + (long) count * length
                        + " tokens is more than this server's limit of " + settings.maxTokens() + " per request (--max-tokens)");
            }
            Decoding decoding = PieceRows.inMeterOf(d.build(), choice);
            return new GenerationOrder(count, decoding, tempo, primers, prefix, stream, wantsMidi, Duration.ofMillis(deadline));
        } catch (SettingException e) {
            throw HttpProblem.badRequest(e.naming(field(e.key())));
        } catch (MidiFileException e) {
            throw HttpProblem.badRequest("primer: " + e.problem());
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("primer: " + firstLine(e.getMessage()));
        }
    }

    /** The JSON field of a {@link Decoding} setting, by its key in the text form. */
    static String field(String key) {
        return switch (key) {
            case "top-k" -> "topK";
            case "top-p" -> "topP";
            case "beam" -> "beamSize";
            case "branch" -> "branchFactor";
            case "steps" -> "stepsPerIteration";
            case "no-repeat" -> "noRepeatNgram";
            case "key-strength" -> "keyStrength";
            case "tokens" -> "length";
            default -> key;
        };
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private GenerateBody parse(byte[] body) {
        if (body.length == 0) throw HttpProblem.badRequest("the body is empty; send a JSON object such as {\"count\": 1}");
        try {
            GenerateBody b = json.readValue(body, GenerateBody.class);
            if (b == null) throw HttpProblem.badRequest("the body is JSON null; send a JSON object such as {\"count\": 1}");
            return b;
        } catch (UnrecognizedPropertyException e) {
            throw HttpProblem.badRequest("unknown field '" + e.getPropertyName() + "' (known: " + RequestFields.describe() + ")");
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
            if (outOfRange(e) != null) throw HttpProblem.badRequest(outOfRange(e));
            var at = e.getLocation();
            throw HttpProblem.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("unreadable body: " + firstLine(e.getMessage()));
        }
    }

    /** The body's sampling; a value out of range is refused by the one set of rules, in {@code Sampling.Sampled}. */
    private static Sampling sampling(GenerateBody b) {
        if (Boolean.TRUE.equals(b.greedy())) return Sampling.GREEDY;
        Sampling.Sampled d = Sampling.DEFAULT;
        return new Sampling.Sampled(b.temperature() == null ? d.temperature() : b.temperature(),
                b.topK() == null ? d.topK() : b.topK(), b.topP() == null ? d.topP() : b.topP());
    }

    private static Key key(String key) {
        if (key == null) return null;
        try {
            return Key.parse(key);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("key: " + e.getMessage());
        }
    }

    private static byte[] base64(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("primer is not valid base64: " + firstLine(e.getMessage()));
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

    /**
     * For valid JSON whose number does not fit its field (Jackson reports it as a parse error, possibly wrapped), the
     * field and the range in our words; else null.
     */
    private static String outOfRange(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException c) {
                String name = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                        ? m.getPath().get(m.getPath().size() - 1).getFieldName()
                        : c.getProcessor() == null ? null : c.getProcessor().getParsingContext().getCurrentName();
                boolean small = c.getTargetType() == Integer.class || c.getTargetType() == int.class;
                return (name == null ? "a number" : "field '" + name + "'") + " is out of range: a whole number from "
                        + (small ? Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : Long.MIN_VALUE + " to " + Long.MAX_VALUE)
                        + " is expected";
            }
        }
        return null;
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
