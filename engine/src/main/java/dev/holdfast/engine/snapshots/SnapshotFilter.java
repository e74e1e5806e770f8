package dev.holdfast.engine.snapshots;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/** Selects snapshots by host, tags (all must be present) and paths (all must be present). */
public record SnapshotFilter(String host, List<String> tags, List<String> paths) {
    public static final SnapshotFilter NONE = new SnapshotFilter(null, List.of(), List.of());

    public boolean matches(SnapshotRef r) {
        return (host == null || host.equals(r.snapshot().host()))
                && r.snapshot().tags().containsAll(tags)
                && r.snapshot().paths().containsAll(paths);
    }

    public List<SnapshotRef> apply(List<SnapshotRef> all) {
        return all.stream().filter(this::matches).toList();
    }
}
