package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "snapshots", description = {"List snapshots, oldest first.",
        "With --replicas, also which replica repositories hold a copy of each (matched by the id of the original snapshot) and how far behind each replica is;"
                + " the replicas are the policy's other repositories (--policy FILE, whose first repository is listed) or those given with --to."})
final class SnapshotsCommand extends BaseCommand {
    @Option(names = "--replicas", description = "Show, per snapshot, which replicas hold a copy, and how far behind each replica is.")
    boolean replicas;

    @Option(names = "--policy", paramLabel = "FILE", description = "With --replicas: list the policy's first repository against its others (their password files from the policy).")
    java.nio.file.Path policyFile;

    @Option(names = "--to", paramLabel = "REPO", description = "With --replicas: a replica repository (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--to-password-file", paramLabel = "FILE",
            description = "With --to: read the replicas' password from FILE. Default: $HOLDFAST_TO_PASSWORD_FILE, then $HOLDFAST_TO_PASSWORD, then a prompt.")
    java.nio.file.Path toPasswordFile;

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @picocli.CommandLine.Mixin
    FilterOptions select;

    @Option(names = "--json", description = "Print JSON: an array of snapshots, or with --replicas an object (docs/replication.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (replicas) return new ReplicasView(this, select.filter(), json).show(policyFile, to, toPasswordFile);
        if (policyFile != null || !to.isEmpty()) throw new IllegalArgumentException("--policy and --to are used with --replicas");
        try (Repository repo = access().open()) {
            List<SnapshotRef> list = select.filter().apply(repo.snapshots());
            for (String p : repo.snapshotProblems()) env.err().println("warning: snapshot file " + p + "; run 'holdfast check'");
            java.util.Set<String> protectedIds = dev.holdfast.repo.gc.Protection.ids(repo.storage());
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (SnapshotRef r : list) {
                    Map<String, Object> m = toJson(r);
                    if (protectedIds.contains(r.id())) m.put("protected", true);
                    out.add(m);
                }
                printJson(out);
                return ExitCodes.OK;
            }
            // one string, written once: thousands of formatted, flushed lines would cost more than reading the snapshots
            StringBuilder sb = new StringBuilder(64 + list.size() * 100);
            row(sb, "ID", "Time", "Host", "Tags", "Paths");
            boolean anyProtected = false;
            for (SnapshotRef r : list) {
                Snapshot s = r.snapshot();
                boolean prot = protectedIds.contains(r.id());
                anyProtected |= prot;
                row(sb, r.shortId() + (prot ? "*" : ""), TIME.format(s.instant()), s.host(), String.join(",", s.tags()), String.join(" ", s.paths()));
            }
            sb.append(Units.count(list.size(), "snapshot")).append(anyProtected ? " (* protected)" : "").append(System.lineSeparator());
            env.out().print(sb);
            env.out().flush();
        }
        return ExitCodes.OK;
    }

    /** Time, host and tags, padded as in the listing. */
    static String columns(SnapshotRef r) {
        Snapshot s = r.snapshot();
        return String.format("%-19s  %-16s  %-16s", TIME.format(s.instant()), s.host(), String.join(",", s.tags()));
    }

    /** Appends "%-8s  %-19s  %-16s  %-16s  %s%n" without a Formatter. */
    private static void row(StringBuilder sb, String id, String time, String host, String tags, String paths) {
        pad(sb, id, 9);
        pad(sb, time, 19);
        pad(sb, host == null ? "null" : host, 16);
        pad(sb, tags, 16);
        sb.append(paths).append(System.lineSeparator());
    }

    private static void pad(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) sb.append(' ');
        sb.append("  ");
    }

    static Map<String, Object> toJson(SnapshotRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("short_id", r.shortId());
        Snapshot s = r.snapshot();
        m.put("time", s.time());
        m.put("host", s.host());
        m.put("user", s.user());
        m.put("paths", s.paths());
        m.put("tags", s.tags());
        m.put("tree", s.tree());
        if (s.parent() != null) m.put("parent", s.parent());
        if (s.original() != null) m.put("original", s.original());
        if (s.summary() != null) {
            // snake_case like every other JSON this command line prints (the snapshot file spells them in camelCase)
            Map<String, Object> summary = new LinkedHashMap<>();
            s.summary().toMap().forEach((k, v) -> summary.put(k.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT), v));
            m.put("summary", summary);
        }
        return m;
    }
}
