package dev.holdfast.cli;

import dev.holdfast.engine.check.Check;
import dev.holdfast.engine.check.CheckReport;
import dev.holdfast.engine.check.Subset;
import dev.holdfast.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", description = {
        "Verify the repository: every snapshot's trees and chunks are indexed, every indexed pack exists.",
        "With --read-data every pack (or a subset) is read, authenticated and hashed. Each problem names the pack, index file, snapshot or file; the exit code is then 1."})
final class CheckCommand extends BaseCommand {
    @Option(names = "--read-data", description = "Read and verify every pack.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "SUBSET", description = "Read a deterministic subset of packs: a percentage (10%%) or n/m (one of m parts by pack id: running 1/5 to 5/5 reads every pack once).")
    String subset;

    @Override
    public Integer call() throws Exception {
        Subset s = subset != null ? Subset.parse(subset) : readData ? Subset.ALL : null;
        CheckReport r;
        try (Repository repo = access().open()) {
            r = new Check(repo, s, msg -> env.err().println(msg)).run();
        }
        for (String n : r.notes()) env.out().println("note: " + n);
        for (String e : r.errors()) env.out().println("error: " + e);
        env.out().printf("checked %s, %s, %s%s%n", Units.count(r.snapshots(), "snapshot"), Units.count(r.trees(), "tree"), Units.count(r.packs(), "pack"),
                s == null ? "" : String.format("; read %s (%s)", Units.count(r.packsRead(), "pack"), Units.bytes(r.bytesRead())));
        if (!r.ok()) {
            env.err().println("holdfast: the repository has " + Units.count(r.errors().size(), "problem"));
            return ExitCodes.ERROR;
        }
        env.out().println("no errors found");
        return ExitCodes.OK;
    }
}
