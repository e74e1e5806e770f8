package dev.holdfast.cli;

import dev.holdfast.engine.prune.PruneReport;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.NotFoundException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;

/**
 * A capacity limit for forget: the repository's total size at most a number of bytes, and/or its
 * file system (local repositories) with at least some free space. Snapshots are removed one at a
 * time, oldest first, each followed by a prune, until the limit holds.
 */
final class Capacity {
    private final Sizes.Limit maxSize, minFree;

    private Capacity(Sizes.Limit maxSize, Sizes.Limit minFree) {
        this.maxSize = maxSize;
        this.minFree = minFree;
    }

    /** The limit the options give, or null when there is none. */
    static Capacity of(String maxRepoSize, String minFreeSpace) {
        if (maxRepoSize == null && minFreeSpace == null) return null;
        Sizes.Limit max = maxRepoSize == null ? null : Sizes.parse("--max-repo-size", maxRepoSize);
        if (max != null && max.isPercent()) throw new UserException("--max-repo-size " + maxRepoSize + ": give a size such as 50G", ExitCodes.USAGE);
        return new Capacity(max, minFreeSpace == null ? null : Sizes.parse("--min-free-space", minFreeSpace));
    }

    /** Removes one snapshot file (and its cached copy). */
    private static void removeSnapshot(Repository repo, SnapshotRef r) throws IOException {
        String name = Repository.SNAPSHOTS + r.id();
        try {
            repo.storage().delete(name);
        } catch (NotFoundException e) {
            // removed meanwhile by another forget
        }
        repo.evictCached(name);
    }

    /** Why the limit does not hold, or null when it does. */
    private String exceeded(Repository repo) throws IOException {
        StringBuilder why = new StringBuilder();
        if (maxSize != null) {
            long size = 0;
            for (BlobInfo b : repo.storage().list("")) size += b.size();
            if (size > maxSize.bytes()) why.append("the repository holds ").append(Units.bytes(size)).append(", more than ").append(maxSize);
        }
        if (minFree != null) {
            if (!(repo.storage() instanceof LocalStorage local)) {
                throw new UserException("--min-free-space works only for a local repository; use --max-repo-size", ExitCodes.USAGE);
            }
            FileStore fs = Files.getFileStore(local.root());
            long free = fs.getUsableSpace(), total = fs.getTotalSpace();
            boolean low = minFree.isPercent() ? free * 100.0 < minFree.percent() * total : free < minFree.bytes();
            if (low) {
                if (!why.isEmpty()) why.append(" and ");
                why.append("its file system has ").append(Units.bytes(free)).append(" free, less than ").append(minFree);
            }
        }
        return why.isEmpty() ? null : why.toString();
    }

    /** Removes candidates in order until the limit holds; exit code 1 when it cannot be reached. */
    int enforce(Repository repo, Env env, List<SnapshotRef> candidates, boolean dryRun, double maxUnused) throws IOException {
        String why = exceeded(repo);
        if (dryRun) {
            env.out().println(why == null ? "the capacity limit holds; nothing would be removed"
                    : why + "; would remove, oldest first and pruning after each, until it holds: "
                    + String.join(" ", candidates.stream().map(SnapshotRef::shortId).toList()));
            return ExitCodes.OK;
        }
        int removed = 0;
        for (SnapshotRef r : candidates) {
            if (why == null) break;
            env.out().println(why + ": removing snapshot " + r.shortId() + " (" + r.snapshot().time() + ")");
            removeSnapshot(repo, r);
            removed++;
            PruneReport p = PruneRunner.run(repo, env, false, maxUnused, 600, true);
            if (p == null) return ExitCodes.ERROR;
            if (p.pendingPacks() > 0) {
                env.err().println("holdfast: the space of removed snapshots is freed only once running backups end ("
                        + String.join(", ", p.waitingFor()) + "); run forget again afterwards");
                return ExitCodes.ERROR;
            }
            why = exceeded(repo);
        }
        if (why != null) {
            env.err().println("holdfast: cannot reach the capacity limit: " + why + " after removing " + removed
                    + " snapshots; the rest are the newest of their groups, protected, or kept by the rules");
            return ExitCodes.ERROR;
        }
        env.out().println("the capacity limit holds; removed " + Units.count(removed, "snapshot"));
        return ExitCodes.OK;
    }
}
