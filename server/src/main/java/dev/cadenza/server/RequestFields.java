package dev.cadenza.server;

import java.lang.reflect.RecordComponent;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The field names {@code POST /v1/generate} takes, read from {@link GenerateBody} itself: the error for an unknown
 * field and the test of the OpenAPI document use this list, so neither can drift from what the reader accepts.
 */
final class RequestFields {
    private RequestFields() {
    }

    /** Each field's name, with its aliases (possibly none). */
    static Map<String, java.util.List<String>> all() {
        Map<String, java.util.List<String>> fields = new java.util.LinkedHashMap<>();
        for (RecordComponent c : GenerateBody.class.getRecordComponents()) {
            JsonAlias alias = c.getAccessor().getAnnotation(JsonAlias.class);
            if (alias == null) {
                var field = fieldOf(c);
                alias = field == null ? null : field.getAnnotation(JsonAlias.class);
            }
            fields.put(c.getName(), alias == null ? java.util.List.of() : java.util.List.of(alias.value()));
        }
        return fields;
    }

    private static java.lang.reflect.Field fieldOf(RecordComponent c) {
        try {
            return GenerateBody.class.getDeclaredField(c.getName());
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** "count, length (or max_tokens), ..." for error messages. */
    static String describe() {
        StringBuilder s = new StringBuilder();
        for (var e : all().entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(e.getKey());
            if (!e.getValue().isEmpty()) s.append(" (or ").append(String.join(", ", e.getValue())).append(')');
        }
        return s.toString();
    }

    /** Every accepted name, aliases included, sorted. */
    static java.util.SortedSet<String> names() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        all().forEach((name, aliases) -> {
            names.add(name);
            names.addAll(aliases);
        });
        return names;
    }
}
