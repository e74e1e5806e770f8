package dev.holdfast.engine.snapshots;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/**
 * Selects snapshots by host, tags (all must be present; "a,b" is a and b) and paths (all must be
 * present; a trailing '/' is ignored, as backup ignores it).
 */
public record SnapshotFilter(String host, List<String> tags, List<String> paths) {
    public static final SnapshotFilter NONE = new SnapshotFilter(null, List.of(), List.of());

    public SnapshotFilter {
        tags = splitTags(tags);
        paths = paths.stream().map(SnapshotFilter::withoutTrailingSlash).toList();
    }

    private static String withoutTrailingSlash(String p) {
        String s = p.replaceAll("/+$", "");
        return s.isEmpty() && !p.isEmpty() ? "/" : s;
    }

    /** Tags as given on a command line: each may list several, separated by commas; empty ones are dropped. */
    public static List<String> splitTags(List<String> given) {
        return given.stream().flatMap(t -> java.util.Arrays.stream(t.split(","))).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
    }

    public boolean matches(SnapshotRef r) {
        return (host == null || host.equals(r.snapshot().host()))
                && r.snapshot().tags().containsAll(tags)
                && r.snapshot().paths().containsAll(paths);
    }

    public List<SnapshotRef> apply(List<SnapshotRef> all) {
        return all.stream().filter(this::matches).toList();
    }
}
