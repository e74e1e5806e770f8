package dev.holdfast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A protection policy file (TOML; see docs/replication.md): what to back up, with which
 * excludes, host, tags and compression, whether deleted files are purged from later snapshots,
 * and the repositories that hold it, the first being the primary. The {@code [retention]} table
 * belongs to {@code forget --rules-from}; here it is only checked to be a table.
 */
record Policy(Path file, String name, List<String> paths, List<String> excludes, String host, List<String> tags,
              Integer compression, boolean purgeDeleted, List<Location> repositories) {

    /** One repository of the policy: where it is and the file holding its password (or null). */
    record Location(String location, Path passwordFile) {}

    private static final Set<String> KEYS = Set.of("name", "paths", "exclude", "host", "tags", "compression", "purge-deleted", "repository", "retention");
    private static final Set<String> REPOSITORY_KEYS = Set.of("location", "password-file");

    /** Reads and validates a policy; every problem is a UserException naming the file and the key. */
    static Policy read(Path file) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException("policy file " + file + " does not exist", ExitCodes.USAGE);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new UserException("policy " + file + " is not valid TOML: " + msg, ExitCodes.USAGE);
        }
        Reader r = new Reader(file);
        r.onlyKeys(root, KEYS, "");
        String name = r.string(root, "name", true);
        List<String> paths = r.strings(root, "paths");
        if (paths.isEmpty()) throw r.error("'paths' must list at least one path");
        for (String p : paths) if (!p.startsWith("/")) throw r.error("path '" + p + "' is not absolute");
        JsonNode c = root.get("compression");
        Integer compression = null;
        if (c != null) {
            if (!c.isInt() || c.asInt() < 0 || c.asInt() > 19) throw r.error("'compression' must be a zstd level from 0 to 19");
            compression = c.asInt();
        }
        JsonNode purge = root.get("purge-deleted");
        if (purge != null && !purge.isBoolean()) throw r.error("'purge-deleted' must be true or false");
        JsonNode retention = root.get("retention");
        if (retention != null && !retention.isObject()) throw r.error("'retention' must be a table ([retention])");
        JsonNode repos = root.get("repository");
        if (repos == null || !repos.isArray() || repos.isEmpty()) throw r.error("at least one [[repository]] is needed (the first is the primary)");
        List<Location> locations = new ArrayList<>();
        for (JsonNode rep : repos) {
            if (!rep.isObject()) throw r.error("each [[repository]] must be a table");
            r.onlyKeys(rep, REPOSITORY_KEYS, "repository.");
            String pw = r.string(rep, "password-file", false);
            Location l = new Location(r.string(rep, "location", true), pw == null ? null : file.toAbsolutePath().getParent().resolve(pw));
            if (locations.stream().anyMatch(x -> x.location().equals(l.location()))) throw r.error("repository " + l.location() + " is listed twice");
            locations.add(l);
        }
        return new Policy(file, name, paths, r.strings(root, "exclude"), r.string(root, "host", false), r.strings(root, "tags"),
                compression, purge == null || purge.asBoolean(), List.copyOf(locations));
    }

    /** Field access with errors that name the policy file. */
    private record Reader(Path file) {
        UserException error(String what) {
            return new UserException("policy " + file + ": " + what, ExitCodes.USAGE);
        }

        void onlyKeys(JsonNode table, Set<String> allowed, String prefix) {
            for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) throw error("unknown key '" + prefix + k + "'");
            }
        }

        String string(JsonNode table, String key, boolean required) {
            JsonNode v = table.get(key);
            if (v == null) {
                if (required) throw error("'" + key + "' is missing");
                return null;
            }
            if (!v.isTextual() || v.asText().isEmpty()) throw error("'" + key + "' must be a non-empty string");
            return v.asText();
        }

        List<String> strings(JsonNode table, String key) {
            JsonNode v = table.get(key);
            if (v == null) return List.of();
            if (!v.isArray()) throw error("'" + key + "' must be a list of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) throw error("'" + key + "' must be a list of strings");
                out.add(e.asText());
            }
            return List.copyOf(out);
        }
    }
}
