package dev.holdfast.engine.forget;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code [retention]} table of a TOML policy file: keep-last, keep-hourly … keep-yearly
 * (integers, -1 = unlimited), keep-within and keep-within-hourly … -yearly (duration strings),
 * keep-tag (array of strings) and group-by (string, e.g. "host,paths"). Every other table and key
 * of the file belongs to other parts of the policy and is ignored; an unknown key inside
 * {@code [retention]} is an error, so a typo does not silently keep less.
 */
public final class RulesFile {
    /** The rules and the grouping the file asks for (null grouping: not given). */
    public record Loaded(RetentionRules rules, GroupBy groupBy) {}

    private RulesFile() {}

    public static Loaded read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read rules file " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        return parse(bytes, file.toString());
    }

    public static Loaded parse(byte[] toml, String name) {
        RetentionRules.Builder b = new RetentionRules.Builder();
        GroupBy groupBy = null;
        boolean found = false;
        try (JsonParser p = new TomlFactory().createParser(toml)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException(name + ": not a TOML document");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String table = p.currentName();
                JsonToken t = p.nextToken();
                if (!table.equals("retention")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_OBJECT) throw new IllegalArgumentException(name + ": 'retention' must be a table");
                found = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    GroupBy g;
                    try {
                        g = key(b, key, p, name);
                    } catch (IllegalArgumentException e) {
                        throw inFile(name, e);
                    }
                    if (g != null) groupBy = g;
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": invalid TOML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!found) throw new IllegalArgumentException(name + " has no [retention] table; add one with keep rules (see docs/retention.md)");
        try {
            return new Loaded(b.build(), groupBy);
        } catch (IllegalArgumentException e) {
            throw inFile(name, e);
        }
    }

    /** The rules' own messages name command-line options (--keep-last); in a file its keys are meant (keep-last). */
    private static IllegalArgumentException inFile(String name, IllegalArgumentException e) {
        if (e.getMessage().startsWith(name)) return e;
        return new IllegalArgumentException(name + ": [retention] " + e.getMessage().replace("--", ""), e);
    }

    /** Applies one key of the retention table; returns the grouping when the key is group-by. */
    private static GroupBy key(RetentionRules.Builder b, String key, JsonParser p, String name) throws IOException {
        String where = name + ": retention." + key;
        switch (key) {
            case "keep-last" -> b.last(integer(p, where));
            case "keep-tag" -> b.tags(strings(p, where));
            case "keep-within" -> b.within(span(p, where));
            case "group-by" -> {
                return GroupBy.parse(string(p, where));
            }
            default -> {
                for (Bucket bucket : Bucket.values()) {
                    if (key.equals("keep-" + bucket.label())) {
                        b.count(bucket, integer(p, where));
                        return null;
                    }
                    if (key.equals("keep-within-" + bucket.label())) {
                        b.within(bucket, span(p, where));
                        return null;
                    }
                }
                throw new IllegalArgumentException(where + ": unknown retention key (known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly, keep-within, keep-within-<period>, keep-tag, group-by)");
            }
        }
        return null;
    }

    private static int integer(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException(where + ": expected an integer");
        long v = p.getLongValue();
        if (v != (int) v) throw new IllegalArgumentException(where + ": out of range");
        return (int) v;
    }

    private static String string(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw new IllegalArgumentException(where + ": expected a string");
        return p.getText();
    }

    private static Span span(JsonParser p, String where) throws IOException {
        try {
            return Span.parse(string(p, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static List<String> strings(JsonParser p, String where) throws IOException {
        List<String> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_STRING) return List.of(p.getText());
        if (p.currentToken() != JsonToken.START_ARRAY) throw new IllegalArgumentException(where + ": expected an array of strings");
        while (p.nextToken() != JsonToken.END_ARRAY) out.add(string(p, where));
        return out;
    }
}
