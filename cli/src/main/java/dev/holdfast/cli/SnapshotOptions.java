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
        return find(repo, spec, new SnapshotFilter(host, tags, paths));
    }

    /** Resolves spec; an id whose snapshot file exists but cannot be read is reported as damaged. */
    static SnapshotRef find(Repository repo, String spec, SnapshotFilter filter) throws IOException {
        List<SnapshotRef> all = repo.snapshots();
        try {
            return SnapshotFinder.find(all, spec, filter);
        } catch (IllegalArgumentException | dev.holdfast.engine.snapshots.NotFoundException e) {
            for (String problem : repo.snapshotProblems()) {
                if (problem.startsWith(Repository.SNAPSHOTS + spec.toLowerCase())) {
                    throw new UserException("snapshot file " + problem + "; run 'holdfast check'");
                }
            }
            throw e;
        }
    }
}
