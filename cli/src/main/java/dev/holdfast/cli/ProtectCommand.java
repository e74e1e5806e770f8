package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.Protection;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "protect", description = "Protect snapshots: no retention rule, capacity limit or 'forget ID' removes a protected snapshot until it is unprotected.")
class ProtectCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT", description = "Snapshot ids, prefixes or 'latest'.")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            for (String spec : ids) env.out().println(apply(repo, SnapshotOptions.find(repo, spec, SnapshotFilter.NONE)));
        }
        return ExitCodes.OK;
    }

    /** Changes one snapshot's protection and says what was done. */
    String apply(Repository repo, SnapshotRef r) throws IOException {
        Protection.protect(repo.storage(), repo.aead(), r.id(), RepoAccess.hostname(env), Instant.now());
        return "protected snapshot " + r.shortId();
    }
}
