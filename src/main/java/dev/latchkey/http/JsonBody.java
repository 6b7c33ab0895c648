package dev.latchkey.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed request body with typed, validating accessors. Absent and {@code null} mean the same
 * (the official SDKs omit or null unset fields); unknown fields are ignored. A field of the wrong type
 * is a {@code bad_request} naming the field.
 */
public final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody empty() {
        return new JsonBody(JsonNodeFactory.instance.objectNode());
    }

    public static JsonBody of(ObjectNode node) {
        return new JsonBody(node);
    }

    /** Parses a request body; an empty body is the empty object (DELETE and reactivate send none or {}). */
    public static JsonBody parse(byte[] bytes) {
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return empty();
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            String why = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
            if (why.contains("nesting depth")) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST,
                        "Request body is nested deeper than " + Json.MAX_NESTING_DEPTH + " levels.");
            }
            throw new ApiException(ErrorType.BAD_REQUEST, "Request body is not valid JSON.");
        } catch (IOException e) {
            throw new ApiException(ErrorType.BAD_REQUEST, "Request body could not be read.");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return empty();
        }
        if (!parsed.isObject()) {
            throw new ApiException(ErrorType.BAD_REQUEST, "Request body must be a JSON object.");
        }
        requireStorableText(parsed);
        return new JsonBody((ObjectNode) parsed);
    }

    /** Builds a body from query parameters (GET endpoints); every value is a string. */
    public static JsonBody fromQuery(Map<String, List<String>> params) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                node.put(requireStorable(k), requireStorable(v.get(0)));
            }
        });
        return new JsonBody(node);
    }

    /**
     * The text itself, if PostgreSQL can store and compare it: no NUL character (text and jsonb reject it, which
     * would surface as a 500) and no unpaired UTF-16 surrogate (it would be silently stored as '?').
     */
    public static String requireStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (c == '\0' || unpaired) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST, "The request contains a NUL character or an unpaired surrogate.");
            }
        }
        return text;
    }

    private static void requireStorableText(JsonNode node) {
        if (node.isTextual()) {
            requireStorable(node.textValue());
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                requireStorable(field.getKey());
                requireStorableText(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                requireStorableText(item);
            }
        }
    }

    /** True when the field is present with a non-null value. */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw new ApiException(ErrorType.BAD_REQUEST, field + " is a required field.");
        }
        return value;
    }

    /** The string value, or null when absent. Numbers are not coerced to strings. */
    public String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string");
        }
        return v.textValue(); // parse() already refused NUL characters and unpaired surrogates
    }

    public Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && ("true".equals(v.textValue()) || "false".equals(v.textValue()))) {
            return Boolean.parseBoolean(v.textValue()); // query parameters arrive as text
        }
        throw wrongType(field, "a boolean");
    }

    /** An integer; accepts {@code 10.0} and {@code "10"} (the Java SDK sends query numbers as doubles). */
    public Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.textValue());
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                    return (int) d;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the type error
            }
        }
        throw wrongType(field, "an integer");
    }

    /** A list of strings, or null when absent. */
    public List<String> stringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw wrongType(field, "an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A JSON object, or null when absent. */
    public ObjectNode object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(field, "an object");
        }
        return (ObjectNode) v;
    }

    /** A list of JSON objects, or null when absent. */
    public List<ObjectNode> objectList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of objects");
        }
        List<ObjectNode> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isObject()) {
                throw wrongType(field, "an array of objects");
            }
            out.add((ObjectNode) item);
        }
        return out;
    }

    /** The fields present with a non-null value, in body order. */
    public List<String> presentFields() {
        List<String> out = new java.util.ArrayList<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /** A copy of this body with {@code field} set to {@code value}. */
    public JsonBody with(String field, int value) {
        ObjectNode copy = node.deepCopy();
        copy.put(field, value);
        return new JsonBody(copy);
    }

    /** The raw node (or null), for fields whose shape the caller validates itself. */
    public JsonNode raw(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static ApiException wrongType(String field, String expected) {
        return new ApiException(ErrorType.BAD_REQUEST, field + " must be " + expected + ".");
    }
}
