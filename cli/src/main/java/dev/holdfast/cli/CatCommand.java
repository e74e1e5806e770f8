package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Print a repository object for debugging: 'cat config' (secrets redacted) or 'cat snapshot ID'.")
final class CatCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TYPE", description = "config or snapshot.")
    String type;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "Snapshot id, prefix or 'latest'.")
    String id;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            switch (type) {
                case "config" -> env.out().println(repo.configJson());
                case "snapshot" -> {
                    if (id == null) throw new IllegalArgumentException("cat snapshot needs a snapshot id");
                    String full = SnapshotOptions.find(repo, id, SnapshotFilter.NONE).id();
                    env.out().println(new String(repo.snapshotJson(full), StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("cannot cat '" + type + "': use config or snapshot");
            }
        }
        return ExitCodes.OK;
    }
}
