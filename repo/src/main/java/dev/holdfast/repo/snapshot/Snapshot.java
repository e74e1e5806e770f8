package dev.holdfast.repo.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot record: when, where from, which paths, and the root tree. Stored as JSON inside a
 * sealed file {@code snapshots/<sha256>}; see docs/repository-format.md, "Snapshots".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(int version, String time, String host, String user, int uid, int gid,
                       List<String> paths, List<String> tags, String tree, String parent,
                       String program, Summary summary) {

    /** What the backup that made the snapshot did. */
    public record Summary(long filesNew, long filesChanged, long filesUnchanged, long dirs,
                          long bytesRead, long bytesAdded, long blobsAdded, long errors,
                          long totalFiles, long totalBytes, double seconds) {}

    public Instant instant() {
        return Instant.parse(time);
    }
}
