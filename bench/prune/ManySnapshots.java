// Adds N snapshot records to a repository, copies of its latest snapshot an hour apart (for timing
// 'holdfast snapshots' on thousands of snapshots without running thousands of backups).
// Usage: java -cp cli/target/holdfast.jar bench/prune/ManySnapshots.java REPO PASSWORD N
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.storage.LocalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

public class ManySnapshots {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[2]);
        try (Repository repo = Repository.open(new LocalStorage(Path.of(args[0])), args[1].getBytes(StandardCharsets.UTF_8), null)) {
            List<SnapshotRef> all = repo.snapshots();
            Snapshot s = all.getLast().snapshot();
            Instant t = s.instant().minusSeconds(3600L * n);
            for (int i = 0; i < n; i++) {
                Snapshot c = new Snapshot(s.version(), t.plusSeconds(3600L * i).toString(), s.host(), s.user(), s.uid(), s.gid(),
                        s.paths(), List.of("copy"), s.tree(), s.parent(), s.program(), s.summary());
                repo.saveSnapshot(c);
            }
        }
    }
}
