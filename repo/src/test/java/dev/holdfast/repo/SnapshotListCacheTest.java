package dev.holdfast.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotListCacheTest {
    @TempDir
    Path dir;

    private final Aead aead = new Aead(new byte[32]);

    @Test
    void everyFieldRoundTrips() {
        Snapshot full = new Snapshot(1, "2026-11-23T07:00:00.123456789Z", "host", "user", 1000, 100, List.of("/a", "/b c"),
                List.of("daily", "x"), "ab".repeat(32), "cd".repeat(32), "holdfast 0.1.0",
                new Snapshot.Summary(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1.5), "ef".repeat(32));
        Snapshot bare = new Snapshot(1, "2026-01-01T00:00:00Z", null, null, 0, 0, List.of("/"), List.of(), "01".repeat(32), null, null, null);
        SnapshotListCache cache = new SnapshotListCache(new RepositoryCache(dir), aead);
        cache.save(Map.of("snapshots/1", full, "snapshots/2", bare));
        assertThat(cache.load()).isEqualTo(Map.of("snapshots/1", full, "snapshots/2", bare));
    }

    @Test
    void aDamagedOrForeignListIsDroppedNotTrusted() throws Exception {
        SnapshotListCache cache = new SnapshotListCache(new RepositoryCache(dir), aead);
        cache.save(Map.of("snapshots/1", new Snapshot(1, "2026-01-01T00:00:00Z", "h", "u", 0, 0, List.of("/"), List.of(), "01".repeat(32), null, null, null)));
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new SnapshotListCache(new RepositoryCache(dir), new Aead(other)).load()).isEmpty();
        assertThat(cache.load()).as("evicted, not reused").isEmpty();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).doesNotContain(SnapshotListCache.NAME);
        }
    }
}
