package dev.holdfast.engine.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaStatusTest {
    private static SnapshotRef snap(String id, String time, String original) {
        return new SnapshotRef(id, new Snapshot(1, time, "h", "u", 0, 0, List.of("/"), List.of(), "00".repeat(32), null, "holdfast", null, original));
    }

    private final SnapshotRef p1 = snap("a1", "2025-01-01T00:00:00Z", null);
    private final SnapshotRef p2 = snap("a2", "2025-01-02T00:00:00Z", null);
    private final SnapshotRef p3 = snap("a3", "2025-01-03T06:00:00Z", "o3"); // itself a copy of o3

    @Test
    void matchesByOriginAndMeasuresHowFarBehind() {
        ReplicaStatus s = ReplicaStatus.of(List.of(p1, p2, p3), List.of(snap("b1", "2025-01-01T00:00:00Z", "a1"), snap("x", "2024-01-01T00:00:00Z", null)));
        assertThat(s.copies()).isEqualTo(Map.of("a1", "b1"));
        assertThat(s.missing()).isEqualTo(2);
        assertThat(s.behind()).isEqualTo(2);
        assertThat(s.newestCopy()).isEqualTo(p1);
        assertThat(s.lag()).isEqualTo(Duration.ofHours(54));
    }

    @Test
    void aGapBeforeTheNewestCopyIsMissingButNotBehind() {
        ReplicaStatus s = ReplicaStatus.of(List.of(p1, p2, p3), List.of(snap("b1", "2025-01-01T00:00:00Z", "a1"),
                snap("c3", "2025-01-03T06:00:00Z", "o3")));
        assertThat(s.copies()).containsOnlyKeys("a1", "a3");
        assertThat(s.missing()).isEqualTo(1);
        assertThat(s.behind()).isZero();
        assertThat(s.lag()).isZero();
    }

    @Test
    void anEmptyReplicaHasNoLag() {
        ReplicaStatus s = ReplicaStatus.of(List.of(p1), List.of());
        assertThat(s.missing()).isEqualTo(1);
        assertThat(s.behind()).isEqualTo(1);
        assertThat(s.newestCopy()).isNull();
        assertThat(s.lag()).isNull();
    }
}
