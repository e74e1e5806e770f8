package dev.holdfast.engine.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotFilterTest {
    private static final SnapshotRef SNAP = new SnapshotRef("ab".repeat(32),
            new Snapshot(1, "2024-01-01T00:00:00Z", "h", "u", 0, 0, List.of("/data/src"), List.of("x", "y"), "00".repeat(32), null, "holdfast", null));

    @Test
    void aCommaSeparatedTagIsSeveralTagsThatMustAllBePresent() {
        assertThat(new SnapshotFilter(null, List.of("x,y"), List.of()).matches(SNAP)).isTrue();
        assertThat(new SnapshotFilter(null, List.of("x, z"), List.of()).matches(SNAP)).isFalse();
        assertThat(SnapshotFilter.splitTags(List.of("a,b", "", "b", ",c,"))).containsExactly("a", "b", "c");
    }

    @Test
    void aTrailingSlashOnAPathIsIgnored() {
        assertThat(new SnapshotFilter(null, List.of(), List.of("/data/src/")).matches(SNAP)).isTrue();
        assertThat(new SnapshotFilter(null, List.of(), List.of("/data/src//")).paths()).containsExactly("/data/src");
        assertThat(new SnapshotFilter(null, List.of(), List.of("//")).paths()).containsExactly("/");
        assertThat(new SnapshotFilter(null, List.of(), List.of("/data")).matches(SNAP)).isFalse();
    }
}
