package dev.cadenza.server;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The {@code "model"} of a generate request, read before the request itself: it decides which model's reader
 * validates the rest (vocabularies, keys and tempos differ between models). Anything malformed is left to that reader
 * to refuse with its full reason, so here it only yields null.
 */
final class ModelField {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ModelField() {
    }

    /** The top-level {@code "model"} string, or null (absent, not a string, or not a JSON object). */
    static String of(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model")) return value == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
