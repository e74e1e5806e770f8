package dev.holdfast.engine.snapshots;

import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one replica stands against a primary's snapshots. Snapshots are matched by origin (the
 * {@code original} id a copy records, or a snapshot's own id), so a copy of a copy still matches.
 * A replica snapshot exists only once all its chunks were verified on receipt and indexed (copy
 * writes it last), so a match is a verified copy.
 *
 * @param copies primary snapshot id to the id of its copy in the replica, for those it holds
 * @param missing primary snapshots the replica lacks
 * @param behind primary snapshots newer than the replica's newest copy: what the next replication sends
 * @param newestCopy the primary snapshot whose copy is the newest, or null when it holds none
 * @param lag how much older the newest copy is than the primary's newest snapshot (zero when up to date, null without copies)
 */
public record ReplicaStatus(Map<String, String> copies, int missing, int behind, SnapshotRef newestCopy, Duration lag) {

    /** @param primary the primary's snapshots, oldest first */
    public static ReplicaStatus of(List<SnapshotRef> primary, List<SnapshotRef> replica) {
        Map<String, String> byOrigin = new HashMap<>();
        for (SnapshotRef r : replica) byOrigin.putIfAbsent(Snapshot.originOf(r), r.id());
        Map<String, String> copies = new LinkedHashMap<>();
        SnapshotRef newest = null;
        for (SnapshotRef p : primary) {
            String copy = byOrigin.get(Snapshot.originOf(p));
            if (copy == null) continue;
            copies.put(p.id(), copy);
            if (newest == null || !p.snapshot().instant().isBefore(newest.snapshot().instant())) newest = p;
        }
        int behind = 0;
        for (SnapshotRef p : primary) {
            if (!copies.containsKey(p.id()) && (newest == null || p.snapshot().instant().isAfter(newest.snapshot().instant()))) behind++;
        }
        Duration lag = null;
        if (newest != null && !primary.isEmpty()) {
            SnapshotRef last = primary.stream().max(java.util.Comparator.comparing((SnapshotRef r) -> r.snapshot().instant())).get();
            lag = Duration.between(newest.snapshot().instant(), last.snapshot().instant());
        }
        return new ReplicaStatus(copies, primary.size() - copies.size(), behind, newest, lag);
    }
}
