package dev.holdfast.repo.snapshot;

/** A snapshot and its id (the SHA-256 of its stored file). */
public record SnapshotRef(String id, Snapshot snapshot) {
    public String shortId() {
        return id.substring(0, 8);
    }
}
