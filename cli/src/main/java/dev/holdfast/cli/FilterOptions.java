package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --host, --tag and --path: which snapshots a listing or a copy takes. */
final class FilterOptions {
    @Option(names = "--host", paramLabel = "HOST", description = "Only snapshots of this host.")
    String host;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only snapshots with this tag (repeatable; all must match).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "Only snapshots that include this path (repeatable).")
    List<String> paths = new ArrayList<>();

    SnapshotFilter filter() {
        return new SnapshotFilter(host, tags, paths);
    }
}
