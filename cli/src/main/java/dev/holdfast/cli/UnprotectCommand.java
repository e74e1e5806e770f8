package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.Protection;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unprotect", description = "Remove the protection of snapshots, so that retention rules and 'forget ID' may remove them again.")
final class UnprotectCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT", description = "Snapshot ids, prefixes or 'latest'.")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            for (String spec : ids) {
                SnapshotRef r = SnapshotOptions.find(repo, spec, SnapshotFilter.NONE);
                boolean was = Protection.unprotect(repo.storage(), r.id());
                env.out().println(was ? "unprotected snapshot " + r.shortId() : "snapshot " + r.shortId() + " was not protected");
            }
        }
        return ExitCodes.OK;
    }
}
