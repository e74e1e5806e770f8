package dev.holdfast.repo.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.repo.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 'original' field of copied snapshots, and the origin that matches copies across repositories. */
class SnapshotOriginTest {
    private final Snapshot backup = new Snapshot(1, "2025-01-01T00:00:00Z", "h", "u", 0, 0, List.of("/data"), List.of("t"),
            "aa".repeat(32), "bb".repeat(32), "holdfast", null);

    @Test
    void aBackupHasNoOriginalFieldAndIsItsOwnOrigin() throws Exception {
        String json = new String(Json.write(backup.toMap(), false), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("original");
        assertThat(Snapshot.fromJson(json.getBytes(StandardCharsets.UTF_8), "s").original()).isNull();
        assertThat(Snapshot.originOf(new SnapshotRef("cc".repeat(32), backup))).isEqualTo("cc".repeat(32));
    }

    @Test
    void aCopyRecordsItsOriginalKeepsEverythingButTreeAndParentAndRoundTrips() throws Exception {
        Snapshot copy = backup.copiedAs("dd".repeat(32), "cc".repeat(32));
        assertThat(copy.tree()).isEqualTo("dd".repeat(32));
        assertThat(copy.parent()).isNull();
        assertThat(copy.time()).isEqualTo(backup.time());
        assertThat(copy.paths()).isEqualTo(backup.paths());
        assertThat(copy.tags()).isEqualTo(backup.tags());
        Snapshot read = Snapshot.fromJson(Json.write(copy.toMap(), false), "s");
        assertThat(read).isEqualTo(copy);
        assertThat(Snapshot.originOf(new SnapshotRef("ee".repeat(32), read))).isEqualTo("cc".repeat(32));
    }
}
