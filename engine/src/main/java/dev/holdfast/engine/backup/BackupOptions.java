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
 * @param keepDeleted keep entries of the parent snapshot that are gone from the source (a policy's
 *     {@code purge-deleted = false}; see {@link DeletedEntries})
 */
public record BackupOptions(List<String> paths, String cwd, String host, String user, List<String> tags,
                            PathFilter excludes, boolean oneFileSystem, Instant time, int compressionLevel,
                            int readers, boolean keepDeleted) {
    /** Options of a plain backup: the snapshot holds exactly what the source holds. */
    public BackupOptions(List<String> paths, String cwd, String host, String user, List<String> tags,
                         PathFilter excludes, boolean oneFileSystem, Instant time, int compressionLevel, int readers) {
        this(paths, cwd, host, user, tags, excludes, oneFileSystem, time, compressionLevel, readers, false);
    }

    public BackupOptions {
        if (paths.isEmpty()) throw new IllegalArgumentException("no source path given");
        if (readers < 1) throw new IllegalArgumentException("readers must be at least 1");
    }
}
