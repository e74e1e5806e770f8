package dev.holdfast.engine.forget;

import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/** Snapshot records for retention tests: only time, host, paths and tags matter. */
final class Snaps {
    private Snaps() {}

    static SnapshotRef at(String id, String time, String host, List<String> tags) {
        return new SnapshotRef(id, new Snapshot(1, time, host, "u", 0, 0, List.of("/data"), tags, "00", null, "holdfast", null));
    }

    static SnapshotRef at(String id, String time) {
        return at(id, time, "h", List.of());
    }
}
