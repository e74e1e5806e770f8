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
            env.out().printf("%-8s  %-19s  %-16s  %-16s  %s%n", "ID", "Time", "Host", "Tags", "Paths");
            for (SnapshotRef r : list) {
                Snapshot s = r.snapshot();
                env.out().printf("%-8s  %-19s  %-16s  %-16s  %s%n", r.shortId(), TIME.format(s.instant()), s.host(),
                        String.join(",", s.tags()), String.join(" ", s.paths()));
            }
            env.out().println(list.size() + " snapshot" + (list.size() == 1 ? "" : "s"));
        }
        return ExitCodes.OK;
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
        if (s.summary() != null) m.put("summary", s.summary().toMap());
        return m;
    }
}
