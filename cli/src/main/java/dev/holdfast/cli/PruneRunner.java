package dev.holdfast.cli;

import dev.holdfast.engine.prune.Prune;
import dev.holdfast.engine.prune.PruneOptions;
import dev.holdfast.engine.prune.PrunePlan;
import dev.holdfast.engine.prune.PruneReport;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.PruneLock;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs prune for the prune and forget commands: waits for another prune, prints plan and outcome. */
final class PruneRunner {
    private PruneRunner() {}

    /** Prune's result, or null when another prune held the lock for longer than waitSeconds. */
    static PruneReport run(Repository repo, Env env, boolean dryRun, double maxUnused, int waitSeconds, boolean quiet) throws IOException {
        PruneOptions options = new PruneOptions(dryRun, maxUnused, RepoAccess.hostname(env), Clock.systemUTC(),
                quiet ? s -> { } : s -> env.err().println(s));
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            try {
                return new Prune(repo, options).run();
            } catch (PruneLock.HeldException e) {
                if (System.nanoTime() >= deadline) {
                    env.err().println("holdfast: " + e.getMessage() + "; this prune did nothing (use --wait SECONDS to wait for it)");
                    return null;
                }
                try {
                    Thread.sleep(500 + (long) (Math.random() * 1000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
        }
    }

    static void print(PruneReport r, boolean dryRun, boolean verbose, PrintStream out) {
        PrunePlan p = r.plan();
        if (dryRun && verbose) {
            for (Id pack : p.delete()) out.println("delete  pack " + pack.hex());
            p.repack().forEach((pack, blobs) -> out.println("repack  pack " + pack.hex() + " (keeps " + blobs.size() + " blobs, "
                    + Units.bytes(blobs.stream().mapToLong(b -> b.length()).sum()) + ")"));
        }
        out.printf("%s: %s, %s used, %s unused%n", dryRun ? "plan" : "found", Units.count(p.packs(), "pack"), Units.bytes(p.usedBytes()), Units.bytes(p.unusedBytes()));
        out.printf("%s %s, repack %s (rewriting %s), freeing %s%n", dryRun ? "would delete" : "to delete", Units.count(p.delete().size(), "pack"),
                Units.count(p.repack().size(), "pack"), Units.bytes(p.bytesRewritten()), Units.bytes(p.bytesFreed()));
        if (!dryRun) {
            // the packs deleted include the repacked ones, whose used part lives on in new packs
            out.printf("deleted %s (%s, including the repacked ones); index files: %d -> %d%n", Units.count(r.packsDeleted(), "pack"),
                    Units.bytes(r.bytesDeleted()), r.indexFilesBefore(), r.indexFilesAfter());
        }
        if (r.pendingPacks() > 0) {
            out.println(Units.count(r.pendingPacks(), "pack") + (r.pendingPacks() == 1 ? " is" : " are") + " marked for deletion and wait for running backups to end"
                    + (r.waitingFor().isEmpty() ? "" : " (" + String.join(", ", r.waitingFor()) + ")") + "; the next prune deletes them");
        }
    }

    static Map<String, Object> json(PruneReport r) {
        PrunePlan p = r.plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packs", p.packs());
        m.put("used_bytes", p.usedBytes());
        m.put("unused_bytes", p.unusedBytes());
        m.put("packs_to_delete", p.delete().stream().map(Id::hex).toList());
        m.put("packs_to_repack", List.copyOf(p.repack().keySet()).stream().map(Id::hex).toList());
        m.put("bytes_freed", p.bytesFreed());
        m.put("bytes_rewritten", p.bytesRewritten());
        m.put("packs_deleted", r.packsDeleted());
        m.put("bytes_deleted", r.bytesDeleted());
        m.put("pending_packs", r.pendingPacks());
        m.put("waiting_for", r.waitingFor());
        m.put("index_files_before", r.indexFilesBefore());
        m.put("index_files_after", r.indexFilesAfter());
        m.put("notes", r.notes());
        return m;
    }

    /** Parses --max-unused: a percentage such as 5%. */
    static double maxUnused(String text) {
        Sizes.Limit l = Sizes.parse("--max-unused", text);
        if (!l.isPercent()) throw new UserException("--max-unused " + text + ": give a percentage such as 5%", ExitCodes.USAGE);
        return l.percent() / 100;
    }
}
