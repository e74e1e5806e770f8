package dev.holdfast.repo.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the repository's JSON objects (key files, config, snapshots) and the CLI's output, on
 * Jackson's streaming layer: values are maps (in insertion order), lists, strings, longs, doubles,
 * booleans; null map values are left out when writing. Starts in a fraction of the time a data
 * binding would take, which every command pays.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** Parses one JSON object. */
    public static Map<String, Object> parseObject(byte[] json, String what) throws FormatException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new FormatException(what + ": not a JSON object");
            Map<String, Object> m = object(p);
            if (p.nextToken() != null) throw new FormatException(what + ": trailing data after the JSON object");
            return m;
        } catch (IOException e) {
            if (e instanceof FormatException f) throw f;
            throw new FormatException(what + ": invalid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, value(p));
        }
        return m;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(value(p));
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Writes a value (usually a map) as compact or pretty-printed JSON. */
    public static byte[] write(Object value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String writeString(Object value, boolean pretty) {
        return new String(write(value, pretty), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() == null) continue;
                    g.writeFieldName(e.getKey().toString());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) write(g, o);
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    /** Typed access to a parsed object, with errors that name the file and the field. */
    public record Fields(Map<String, Object> map, String what) {
        public String string(String key) throws FormatException {
            Object v = map.get(key);
            if (!(v instanceof String s)) throw new FormatException(what + ": field " + key + " missing or not a string");
            return s;
        }

        public String optionalString(String key) throws FormatException {
            return map.get(key) == null ? null : string(key);
        }

        public long number(String key) throws FormatException {
            Object v = map.get(key);
            if (!(v instanceof Number n)) throw new FormatException(what + ": field " + key + " missing or not a number");
            return n.longValue();
        }

        public int integer(String key) throws FormatException {
            long v = number(key);
            if (v != (int) v) throw new FormatException(what + ": field " + key + " out of range");
            return (int) v;
        }

        public double decimal(String key) throws FormatException {
            Object v = map.get(key);
            if (!(v instanceof Number n)) throw new FormatException(what + ": field " + key + " missing or not a number");
            return n.doubleValue();
        }

        public List<String> strings(String key) throws FormatException {
            Object v = map.get(key);
            if (v == null) return List.of();
            if (!(v instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                throw new FormatException(what + ": field " + key + " is not a list of strings");
            }
            return l.stream().map(String.class::cast).toList();
        }

        @SuppressWarnings("unchecked")
        public Fields object(String key) throws FormatException {
            Object v = map.get(key);
            if (v == null) return null;
            if (!(v instanceof Map<?, ?>)) throw new FormatException(what + ": field " + key + " is not an object");
            return new Fields((Map<String, Object>) v, what);
        }
    }
}
