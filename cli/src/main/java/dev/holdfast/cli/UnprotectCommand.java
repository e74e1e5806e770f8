package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.Protection;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "unprotect", description = "Remove the protection of snapshots, so that retention rules and 'forget ID' may remove them again.")
final class UnprotectCommand extends ProtectCommand {
    @Override
    String apply(Repository repo, SnapshotRef r) throws IOException {
        RepoAccess.requireDeletions(repo, "unprotect");
        return Protection.unprotect(repo.storage(), r.id()) ? "unprotected snapshot " + r.shortId() : "snapshot " + r.shortId() + " was not protected";
    }
}
