package dev.holdfast.engine.backup;

import dev.holdfast.engine.filter.PathFilter;
import java.time.Instant;
import java.util.List;

/**
 * What to back up and how.
 *
 * @param paths source paths as given (relative ones are resolved against cwd)
 * @param time the snapshot time to record (normally now)
 * @param compressionLevel zstd level, or -1 for the repository's default
 * @param readers threads reading files in parallel (many help on cold caches and small files)
 */
public record BackupOptions(List<String> paths, String cwd, String host, String user, List<String> tags,
                            PathFilter excludes, boolean oneFileSystem, Instant time, int compressionLevel,
                            int readers) {
    public BackupOptions {
        if (paths.isEmpty()) throw new IllegalArgumentException("no source path given");
        if (readers < 1) throw new IllegalArgumentException("readers must be at least 1");
    }
}
