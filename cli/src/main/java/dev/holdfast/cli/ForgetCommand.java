package dev.holdfast.cli;

import dev.holdfast.engine.forget.Bucket;
import dev.holdfast.engine.forget.Decision;
import dev.holdfast.engine.forget.GroupBy;
import dev.holdfast.engine.forget.Retention;
import dev.holdfast.engine.forget.RetentionRules;
import dev.holdfast.engine.forget.RulesFile;
import dev.holdfast.engine.forget.Span;
import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.gc.Protection;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "forget", sortOptions = false, description = {
        "Remove snapshots: those named, or those no keep rule keeps. Rules apply per group of snapshots (by default the same host and paths); spans count back from a group's newest snapshot.",
        "Counts: N periods, -1 for all. Durations: 1y6m, 2w, 7d, 36h. Protected snapshots are always kept. Without a rule and without an id nothing is removed.",
        "Space is freed by 'holdfast prune' (or --prune)."})
final class ForgetCommand extends BaseCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Parameters(arity = "0..*", paramLabel = "SNAPSHOT", description = "Snapshots to remove (ids or prefixes); not together with keep rules.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
    int keepLast;
    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N hours that have one.")
    int keepHourly;
    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest snapshot of each of the last N days that have one.")
    int keepDaily;
    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N ISO weeks that have one.")
    int keepWeekly;
    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N months that have one.")
    int keepMonthly;
    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N years that have one.")
    int keepYearly;
    @Option(names = "--keep-within", paramLabel = "DURATION", description = "Keep every snapshot within DURATION of the group's newest.")
    String keepWithin;
    @Option(names = "--keep-within-hourly", paramLabel = "DURATION", description = "Keep the newest snapshot of each hour within DURATION.")
    String keepWithinHourly;
    @Option(names = "--keep-within-daily", paramLabel = "DURATION", description = "Keep the newest snapshot of each day within DURATION.")
    String keepWithinDaily;
    @Option(names = "--keep-within-weekly", paramLabel = "DURATION", description = "Keep the newest snapshot of each week within DURATION.")
    String keepWithinWeekly;
    @Option(names = "--keep-within-monthly", paramLabel = "DURATION", description = "Keep the newest snapshot of each month within DURATION.")
    String keepWithinMonthly;
    @Option(names = "--keep-within-yearly", paramLabel = "DURATION", description = "Keep the newest snapshot of each year within DURATION.")
    String keepWithinYearly;
    @Option(names = "--keep-tag", paramLabel = "TAG", description = "Keep snapshots with this tag (repeatable; TAG1,TAG2 needs both).")
    List<String> keepTags = new ArrayList<>();
    @Option(names = "--rules-from", paramLabel = "FILE", description = "Read the keep rules (and group-by) from the [retention] table of a TOML policy file.")
    Path rulesFrom;
    @Option(names = "--group-by", paramLabel = "FIELDS", description = "Group by any of host,paths,tags (default: host,paths; empty: one group).")
    String groupBy;

    @picocli.CommandLine.Mixin
    FilterOptions select;

    @Option(names = "--max-repo-size", paramLabel = "SIZE", description = "Capacity limit: remove the oldest snapshots the rules do not keep, one at a time, pruning after each, until the repository is no larger than SIZE (e.g. 50G).")
    String maxRepoSize;
    @Option(names = "--min-free-space", paramLabel = "SIZE|PERCENT", description = "Capacity limit for a local repository: as --max-repo-size, until its file system has this much free (e.g. 20G or 10%%).")
    String minFreeSpace;

    @Option(names = "--dry-run", description = "Print what would be kept and removed, and why, and change nothing.")
    boolean dryRun;
    @Option(names = "--json", description = "Print the decisions as JSON.")
    boolean json;
    @Option(names = "--prune", description = "Run prune afterwards.")
    boolean prune;
    @Option(names = "--max-unused", paramLabel = "PERCENT", defaultValue = "5%", description = "For the prune: as 'prune --max-unused' (default: ${DEFAULT-VALUE}).")
    String maxUnused;

    /** The grouping the rules file gives, if any (set by rules()). */
    private GroupBy fileGroupBy;

    @Override
    public Integer call() throws Exception {
        RetentionRules rules = rules();
        GroupBy grouping = groupBy != null ? GroupBy.parse(groupBy) : fileGroupBy != null ? fileGroupBy : GroupBy.DEFAULT;
        Capacity capacity = Capacity.of(maxRepoSize, minFreeSpace);
        if (!ids.isEmpty() && (!rules.isEmpty() || capacity != null)) {
            throw new UserException("give snapshot ids or keep rules, not both: with rules, forget decides which snapshots go", ExitCodes.USAGE);
        }
        if (ids.isEmpty() && rules.isEmpty() && capacity == null) {
            throw new UserException("no keep rule and no snapshot id given, so nothing was removed: give rules such as --keep-daily 7"
                    + " (or --rules-from FILE), or the ids of the snapshots to remove", ExitCodes.USAGE);
        }
        double unused = PruneRunner.maxUnused(maxUnused);
        try (Repository repo = access().open()) {
            if (!dryRun) RepoAccess.requireDeletions(repo, "forget");
            List<SnapshotRef> all = repo.snapshots();
            Set<String> protectedIds = Protection.ids(repo.storage());
            List<Decision> decisions = ids.isEmpty()
                    ? Retention.apply(select.filter().apply(all), rules, grouping, protectedIds, ZoneId.systemDefault())
                    : named(repo, protectedIds);
            if (capacity != null) {
                List<SnapshotRef> candidates = Retention.capacityCandidates(decisions, !rules.isEmpty(), protectedIds);
                print(decisions, Set.copyOf(candidates), protectedIds);
                return capacity.enforce(repo, env, candidates, dryRun, unused);
            }
            print(decisions, null, protectedIds);
            if (dryRun) return ExitCodes.OK;
            List<String> gone = decisions.stream().filter(d -> !d.keep()).map(d -> Repository.SNAPSHOTS + d.snapshot().id()).toList();
            repo.storage().deleteAll(gone); // one directory sync for all of them
            gone.forEach(repo::evictCached);
            int removed = gone.size();
            if (!json) env.out().println("removed " + Units.count(removed, "snapshot"));
            if (prune && removed > 0) {
                var r = PruneRunner.run(repo, env, false, unused, 60, json);
                if (r != null && !json) PruneRunner.print(r, false, false, env.out());
            }
            // an id named on the command line that stays (protected) is a request refused
            long refused = ids.isEmpty() ? 0 : decisions.stream().filter(Decision::keep).count();
            if (refused > 0) {
                env.err().println("holdfast: " + Units.count(refused, "named snapshot") + (refused == 1 ? " is" : " are")
                        + " protected and stayed; 'holdfast unprotect ID' first");
                return ExitCodes.ERROR;
            }
        }
        return ExitCodes.OK;
    }

    private RetentionRules rules() throws IOException {
        RetentionRules.Builder b = new RetentionRules.Builder().last(keepLast).count(Bucket.HOURLY, keepHourly)
                .count(Bucket.DAILY, keepDaily).count(Bucket.WEEKLY, keepWeekly).count(Bucket.MONTHLY, keepMonthly)
                .count(Bucket.YEARLY, keepYearly).tags(keepTags);
        if (keepWithin != null) b.within(Span.parse(keepWithin));
        String[] within = {keepWithinHourly, keepWithinDaily, keepWithinWeekly, keepWithinMonthly, keepWithinYearly};
        for (int i = 0; i < within.length; i++) if (within[i] != null) b.within(Bucket.values()[i], Span.parse(within[i]));
        RetentionRules cli = b.build();
        if (rulesFrom == null) return cli;
        if (!cli.isEmpty()) throw new UserException("give keep rules either as options or in --rules-from, not both", ExitCodes.USAGE);
        RulesFile.Loaded loaded = RulesFile.read(env.path(rulesFrom));
        fileGroupBy = loaded.groupBy();
        if (loaded.rules().isEmpty()) {
            throw new UserException("the [retention] table of " + rulesFrom + " has no keep rule, so nothing was removed", ExitCodes.USAGE);
        }
        return loaded.rules();
    }

    /** Decisions for snapshots named on the command line: removed, unless protected. */
    private List<Decision> named(Repository repo, Set<String> protectedIds) throws IOException {
        Map<String, Decision> out = new LinkedHashMap<>();
        for (String spec : ids) {
            if (spec.equals("latest")) throw new UserException("forget needs snapshot ids, not 'latest'", ExitCodes.USAGE);
            SnapshotRef r = SnapshotOptions.find(repo, spec, SnapshotFilter.NONE);
            boolean prot = protectedIds.contains(r.id());
            out.put(r.id(), new Decision(r, "", prot, List.of(prot ? "protected" : "named")));
        }
        return List.copyOf(out.values());
    }

    /**
     * Prints each decision, group after group. With a capacity limit (mayGo not null) a snapshot
     * the rules would remove is only a candidate ("may go"), and the newest of each group and the
     * protected ones are kept whatever the rules say.
     */
    private void print(List<Decision> decisions, Set<SnapshotRef> mayGo, Set<String> protectedIds) {
        List<Decision> byGroup = decisions.stream().sorted(java.util.Comparator.comparing(Decision::group)).toList();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Decision d : byGroup) {
                Map<String, Object> m = SnapshotsCommand.toJson(d.snapshot());
                m.remove("summary");
                m.put("group", d.group());
                m.put("keep", mayGo == null ? d.keep() : !mayGo.contains(d.snapshot()));
                if (mayGo != null) m.put("may_go", mayGo.contains(d.snapshot()));
                m.put("reasons", reasons(d, mayGo, protectedIds));
                out.add(m);
            }
            printJson(out);
            return;
        }
        String group = null;
        for (Decision d : byGroup) {
            if (!d.group().equals(group)) {
                group = d.group();
                if (!group.isEmpty()) env.out().println("group " + group + ":");
            }
            String action = mayGo != null ? (mayGo.contains(d.snapshot()) ? "may go" : "keep  ") : d.keep() ? "keep  " : dryRun ? "would remove" : "remove";
            env.out().printf("  %-12s %s  %s  %s%n", action, d.snapshot().shortId(), TIME.format(d.snapshot().snapshot().instant()),
                    String.join(", ", reasons(d, mayGo, protectedIds)));
        }
    }

    private static List<String> reasons(Decision d, Set<SnapshotRef> mayGo, Set<String> protectedIds) {
        if (mayGo == null || mayGo.contains(d.snapshot()) || d.keep()) return d.reasons();
        return List.of(protectedIds.contains(d.snapshot().id()) ? "protected" : "newest of its group");
    }
}
