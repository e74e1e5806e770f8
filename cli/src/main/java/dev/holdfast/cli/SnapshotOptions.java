package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.engine.snapshots.SnapshotFinder;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --host/--path/--tag that narrow which snapshot "latest" means. */
final class SnapshotOptions {
    @Option(names = "--host", paramLabel = "HOST", description = "With 'latest': the latest snapshot of this host.")
    String host;

    @Option(names = "--path", paramLabel = "PATH", description = "With 'latest': the latest snapshot including this path (repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "With 'latest': the latest snapshot with this tag (repeatable).")
    List<String> tags = new ArrayList<>();

    SnapshotRef find(Repository repo, String spec) throws IOException {
        return SnapshotFinder.find(repo.snapshots(), spec, new SnapshotFilter(host, tags, paths));
    }
}
