package dev.holdfast.cli;

import dev.holdfast.engine.copy.Copy;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.storage.Backends;
import java.io.IOException;
import java.util.List;

/** The repositories of a policy: opening them, and copying a new snapshot from the primary to the others. */
final class Replication {
    private final BaseCommand command;
    private final Policy policy;
    private final boolean json;

    Replication(BaseCommand command, Policy policy, boolean json) {
        this.command = command;
        this.policy = policy;
        this.json = json;
    }

    /** How to reach one of the policy's repositories: its password-file, else --password-file or the environment. */
    static RepoAccess access(BaseCommand command, Policy.Location l) {
        return RepoAccess.other(command.global, command.env, l.location(),
                l.passwordFile() != null ? l.passwordFile() : command.global.passwordFile,
                "HOLDFAST_", "the policy's location", "a password-file in the policy, or --password-file");
    }

    /** Opens the primary (first) repository of the policy; warns when every copy is on this machine. */
    static Repository openPrimary(BaseCommand command, Policy policy) throws IOException {
        List<Policy.Location> all = policy.repositories();
        if (all.size() < 2 || all.stream().allMatch(l -> Backends.scheme(l.location()) == null || l.location().startsWith("file:"))) {
            command.env.err().println("warning: policy " + policy.name() + " keeps " + (all.size() < 2 ? "a single copy" : "all its copies on local storage")
                    + "; add a remote [[repository]] (sftp:, s3:, rest:) so that losing this machine does not lose the backups");
        }
        return Repos.open(access(command, all.getFirst()), "primary");
    }

    /** Copies the snapshot from the primary to every other repository; returns how many failed. */
    int replicate(Repository primary, SnapshotRef snapshot) {
        int failed = 0;
        for (Policy.Location l : policy.repositories().subList(1, policy.repositories().size())) {
            CopyPrinter printer = new CopyPrinter(command, json, l.location(), "replica");
            try (Repository replica = Repos.open(access(command, l), "replica")) {
                new Copy(primary, replica, Copy.defaultReaders(), printer::status).run(List.of(snapshot), printer::print);
                printer.summary();
                if (printer.failed > 0) failed++;
            } catch (UserException | IOException | IllegalArgumentException e) {
                command.env.err().println("holdfast: replica " + l.location() + " not updated: " + e.getMessage());
                failed++;
            }
        }
        return failed;
    }
}
