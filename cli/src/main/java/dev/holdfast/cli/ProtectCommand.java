package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.Protection;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "protect", description = "Protect snapshots: no retention rule, capacity limit or 'forget ID' removes a protected snapshot until it is unprotected.")
final class ProtectCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT", description = "Snapshot ids, prefixes or 'latest'.")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            for (String spec : ids) {
                SnapshotRef r = SnapshotOptions.find(repo, spec, SnapshotFilter.NONE);
                Protection.protect(repo.storage(), repo.aead(), r.id(), RepoAccess.hostname(env), Instant.now());
                env.out().println("protected snapshot " + r.shortId());
            }
        }
        return ExitCodes.OK;
    }
}
