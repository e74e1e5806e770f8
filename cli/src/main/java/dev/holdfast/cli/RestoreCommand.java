package dev.holdfast.cli;

import dev.holdfast.engine.BytePaths;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.engine.restore.Restore;
import dev.holdfast.engine.restore.RestoreOptions;
import dev.holdfast.engine.restore.RestoreResult;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = {
        "Restore a snapshot, or a path inside it, under a target directory.",
        "Each backed-up absolute path is written under the target (/data/x becomes DIR/data/x); with SNAPSHOT:SUBPATH the contents of SUBPATH are written into DIR.",
        "Every chunk is authenticated as it is read; files that cannot be restored are named and the exit code is 1."})
final class RestoreCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SNAPSHOT[:SUBPATH]", description = "Snapshot id, unique id prefix, or 'latest', optionally followed by :/path/inside.")
    String spec;

    @Option(names = {"-t", "--target"}, required = true, paramLabel = "DIR", description = "Directory to restore into (created when missing).")
    String target;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only restore paths matching GLOB, and everything below them (repeatable).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Do not restore paths matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8", description = "Threads fetching packs and writing files. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Mixin
    SnapshotOptions select;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String sub = colon < 0 ? "/" : spec.substring(colon + 1);
        byte[] dir = BytePaths.normalize(target, env.cwd());
        RestoreResult r;
        try (Repository repo = access().open()) {
            SnapshotRef snap = select.find(repo, id);
            r = new Restore(repo, snap, new RestoreOptions(dir, sub, PathFilter.of(includes, excludes), threads), new AtomicLong()).run();
            env.out().printf("restored snapshot %s to %s: %s, %s, %d other, %s%n", snap.shortId(),
                    BytePaths.display(dir), Units.count(r.files(), "file"), r.dirs() == 1 ? "1 directory" : r.dirs() + " directories", r.others(), Units.bytes(r.bytes()));
        }
        for (String e : r.errors()) env.err().println("error: " + e);
        if (!r.errors().isEmpty()) {
            env.err().println("holdfast: " + Units.count(r.errors().size(), "problem") + " during restore; the rest was restored");
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }
}
