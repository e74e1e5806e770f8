package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.SnapshotFilter;
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

@Command(name = "snapshots", description = "List snapshots, oldest first.")
final class SnapshotsCommand extends BaseCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--host", paramLabel = "HOST", description = "Only snapshots of this host.")
    String host;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only snapshots with this tag (repeatable; all must match).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "Only snapshots that include this path (repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            List<SnapshotRef> list = new SnapshotFilter(host, tags, paths).apply(repo.snapshots());
            for (String p : repo.snapshotProblems()) env.err().println("warning: snapshot file " + p + "; run 'holdfast check'");
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (SnapshotRef r : list) out.add(toJson(r));
                printJson(out);
                return ExitCodes.OK;
            }
            // one string, written once: thousands of formatted, flushed lines would cost more than reading the snapshots
            StringBuilder sb = new StringBuilder(64 + list.size() * 100);
            row(sb, "ID", "Time", "Host", "Tags", "Paths");
            for (SnapshotRef r : list) {
                Snapshot s = r.snapshot();
                row(sb, r.shortId(), TIME.format(s.instant()), s.host(), String.join(",", s.tags()), String.join(" ", s.paths()));
            }
            sb.append(list.size()).append(" snapshot").append(list.size() == 1 ? "" : "s").append(System.lineSeparator());
            env.out().print(sb);
            env.out().flush();
        }
        return ExitCodes.OK;
    }

    /** Appends "%-8s  %-19s  %-16s  %-16s  %s%n" without a Formatter. */
    private static void row(StringBuilder sb, String id, String time, String host, String tags, String paths) {
        pad(sb, id, 8);
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
        if (s.summary() != null) m.put("summary", s.summary().toMap());
        return m;
    }
}
