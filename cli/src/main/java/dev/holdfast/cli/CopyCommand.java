package dev.holdfast.cli;

import dev.holdfast.engine.copy.Copy;
import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.engine.snapshots.SnapshotFinder;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "copy", description = {
        "Copy snapshots from another repository into this one, sending only the chunks it lacks.",
        "Targets created with 'init --copy-chunker-params --from SOURCE' receive chunks as stored; others get file contents re-chunked by their own chunker.",
        "Every chunk is verified (decrypted, its id recomputed) before anything is written; a snapshot with a damaged chunk is reported (file and pack named) and not copied, the others are.",
        "Snapshots already in the target (copied before) are skipped; an interrupted copy resumes without sending again what arrived.",
        "The target's password comes from --password-file, $HOLDFAST_PASSWORD_FILE or $HOLDFAST_PASSWORD; the source's from --from-password-file, $HOLDFAST_FROM_PASSWORD_FILE or $HOLDFAST_FROM_PASSWORD."})
final class CopyCommand extends BaseCommand {
    @Mixin
    FromOptions from;

    @Option(names = "--to", paramLabel = "REPO", description = "The target repository (same as -r). Default: $HOLDFAST_REPOSITORY.")
    String to;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to copy: ids, id prefixes or 'latest'. Default: all (that match the filters).")
    List<String> specs = new ArrayList<>();

    @picocli.CommandLine.Mixin
    FilterOptions select;

    @Option(names = "--readers", paramLabel = "N",
            description = "Source packs read in parallel. Default: the number of CPUs (at least 2); more for a distant source (SFTP, S3).")
    int readers = Copy.defaultReaders();

    @Option(names = "--json", description = "Print one JSON object per snapshot and a final summary object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (readers < 1) throw new IllegalArgumentException("--readers must be at least 1, not " + readers);
        if (to != null) {
            if (global.repo != null && !global.repo.equals(to)) throw new IllegalArgumentException("--to and -r name different repositories; give one");
            global.repo = to;
        }
        SnapshotFilter filter = select.filter();
        RepoAccess targetAccess = access();
        try (Repository source = from.open(global, env); Repository target = Repos.open(targetAccess, "target")) {
            List<SnapshotRef> all = source.snapshots();
            for (String p : source.snapshotProblems()) env.err().println("warning: source snapshot file " + p);
            List<SnapshotRef> chosen = select(all, filter);
            CopyPrinter printer = new CopyPrinter(this, json, targetAccess.location(), "summary");
            new Copy(source, target, readers, printer::status).run(chosen, printer::print);
            printer.summary();
            if (printer.failed > 0) {
                env.err().println("holdfast: " + Units.count(printer.failed, "snapshot") + " could not be copied; the others were");
                return ExitCodes.ERROR;
            }
        }
        return ExitCodes.OK;
    }

    private List<SnapshotRef> select(List<SnapshotRef> all, SnapshotFilter filter) {
        if (specs.isEmpty()) return filter.apply(all);
        Set<SnapshotRef> out = new LinkedHashSet<>();
        for (String spec : specs) {
            SnapshotRef found;
            try {
                found = SnapshotFinder.find(all, spec, filter);
            } catch (IllegalArgumentException | dev.holdfast.engine.snapshots.NotFoundException e) {
                throw new UserException("source repository: " + e.getMessage().replace("'holdfast snapshots'", "'holdfast snapshots -r SOURCE'"));
            }
            // ids are narrowed by the filters too, as 'latest' is
            if (filter.apply(List.of(found)).isEmpty()) {
                throw new UserException("source repository: snapshot " + found.shortId() + " does not match the --host/--tag/--path filters");
            }
            out.add(found);
        }
        return new ArrayList<>(out);
    }
}
