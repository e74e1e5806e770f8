package dev.holdfast.engine.forget;

import dev.holdfast.repo.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** Which snapshot fields put snapshots into one retention group (default: host and paths). */
public record GroupBy(boolean host, boolean paths, boolean tags) {
    public static final GroupBy DEFAULT = new GroupBy(true, true, false);

    /** Parses "host,paths,tags" or any subset; an empty string puts all snapshots in one group. */
    public static GroupBy parse(String spec) {
        boolean h = false, p = false, t = false;
        for (String part : spec.split(",")) {
            switch (part.trim()) {
                case "host" -> h = true;
                case "paths", "path" -> p = true;
                case "tags", "tag" -> t = true;
                case "" -> { }
                default -> throw new IllegalArgumentException("--group-by: unknown field '" + part.trim() + "' (use host, paths, tags, or an empty value for one group)");
            }
        }
        return new GroupBy(h, p, t);
    }

    /** The group key of a snapshot, e.g. "host=db1 paths=/etc,/srv". */
    public String key(Snapshot s) {
        List<String> parts = new ArrayList<>();
        if (host) parts.add("host=" + (s.host() == null ? "" : s.host()));
        if (paths) parts.add("paths=" + String.join(",", s.paths()));
        if (tags) parts.add("tags=" + String.join(",", s.tags()));
        return String.join(" ", parts);
    }
}
