package dev.holdfast.cli;

import dev.holdfast.engine.prune.PruneReport;
import dev.holdfast.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", description = {
        "Free the space of data no snapshot uses: delete packs that hold only unused data, repack packs whose unused share is above --max-unused, and merge the index files into one.",
        "Safe while backups run (they never wait for it): packs are first marked and are deleted only once every backup that was running has ended; until then they wait for the next prune.",
        "Deletes nothing when the index or a snapshot cannot be read. A second prune waits (--wait) or exits."})
final class PruneCommand extends BaseCommand {
    @Option(names = "--dry-run", description = "Print the plan (packs to delete and to repack, bytes freed and rewritten) and change nothing.")
    boolean dryRun;

    @Option(names = "--max-unused", paramLabel = "PERCENT", defaultValue = "5%",
            description = "Repack each pack of which more than this share is unused (a limit per pack, not for the whole repository as restic's; 100%% only deletes wholly unused packs; default: ${DEFAULT-VALUE}).")
    String maxUnused;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "When another prune is running, wait up to this long for it to finish (default: ${DEFAULT-VALUE}: exit at once).")
    int waitSeconds;

    @Option(names = "--json", description = "Print the plan and the outcome as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        double unused = PruneRunner.maxUnused(maxUnused);
        try (Repository repo = access().open()) {
            if (!dryRun) RepoAccess.requireDeletions(repo, "prune");
            PruneReport r = PruneRunner.run(repo, env, dryRun, unused, waitSeconds, json);
            if (r == null) return ExitCodes.OK;
            if (json) printJson(PruneRunner.json(r));
            else PruneRunner.print(r, dryRun, true, env.out());
        }
        return ExitCodes.OK;
    }
}
