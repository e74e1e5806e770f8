package dev.holdfast.engine.backup;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/**
 * The saved snapshot, the problems met (files that vanished or could not be read, which are not in
 * the snapshot) and warnings (files that changed while being read, which are).
 */
public record BackupResult(SnapshotRef snapshot, List<String> errors, List<String> warnings) {
    public boolean complete() {
        return errors.isEmpty();
    }
}
