package dev.cadenza.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One style for the JSON the commands print: snake_case keys, numbers and booleans as JSON numbers and booleans.
 * Values recorded by other parts in their own style (training settings as the trainer's records name them, encoding
 * options kept as strings in the model file) pass through here on their way out.
 */
final class JsonStyle {
    private JsonStyle() {
    }

    /** {@code learningRate} -> {@code learning_rate}; keys already in snake_case stay. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) out.append('_');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The same tree with every object key in snake_case. */
    static JsonNode snakeCase(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(snakeCase(e.getKey()), snakeCase(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(snakeCase(n)));
            return out;
        }
        return node;
    }

    /** String settings with snake_case keys and their values as numbers or booleans where they are ones. */
    static Map<String, Object> typed(Map<String, String> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(snakeCase(k), typed(v)));
        return out;
    }

    static Object typed(String value) {
        if ("true".equals(value) || "false".equals(value)) return Boolean.valueOf(value);
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException notWhole) {
            try {
                double d = Double.parseDouble(value);
                return Double.isFinite(d) ? d : value;
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }
}
