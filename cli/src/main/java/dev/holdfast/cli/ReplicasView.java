package dev.holdfast.cli;

import dev.holdfast.engine.snapshots.ReplicaStatus;
import dev.holdfast.engine.snapshots.SnapshotFilter;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code snapshots --replicas}: the primary's snapshots, which replicas hold a copy of each, and per
 * replica how many snapshots it lacks, how many are newer than its newest copy, and how much older
 * that copy is than the newest snapshot. An unreachable replica is reported and gives exit code 1.
 */
final class ReplicasView {
    private final SnapshotsCommand command;
    private final SnapshotFilter filter;
    private final boolean json;

    ReplicasView(SnapshotsCommand command, SnapshotFilter filter, boolean json) {
        this.command = command;
        this.filter = filter;
        this.json = json;
    }

    private record Replica(String location, List<SnapshotRef> snapshots, String error) {}

    int show(Path policyFile, List<String> to, Path toPasswordFile) throws Exception {
        if ((policyFile == null) == to.isEmpty()) throw new IllegalArgumentException("--replicas needs the replicas: --policy FILE or --to REPO");
        Policy policy = policyFile == null ? null : Policy.read(command.env.path(policyFile));
        if (policy != null && command.global.repo != null) throw new IllegalArgumentException("--policy names its repositories; do not pass -r");
        List<RepoAccess> others = new ArrayList<>();
        RepoAccess primaryAccess;
        SnapshotFilter f = filter;
        if (policy != null) {
            primaryAccess = Replication.access(command, policy.repositories().getFirst());
            for (Policy.Location l : policy.repositories().subList(1, policy.repositories().size())) others.add(Replication.access(command, l));
            if (f.host() == null && f.paths().isEmpty()) f = new SnapshotFilter(policy.host(), f.tags(), policy.paths());
        } else {
            primaryAccess = command.access();
            for (String t : to) others.add(RepoAccess.other(command.global, command.env, t, toPasswordFile, "HOLDFAST_TO_", "--to", "--to-password-file"));
        }
        List<SnapshotRef> primary;
        String primaryLocation = primaryAccess.location();
        try (Repository repo = Repos.open(primaryAccess, "primary")) {
            primary = f.apply(repo.snapshots());
        }
        List<Replica> replicas = new ArrayList<>();
        for (RepoAccess a : others) {
            try (Repository r = Repos.open(a, "replica")) {
                replicas.add(new Replica(a.location(), r.snapshots(), null));
            } catch (UserException | java.io.IOException e) {
                replicas.add(new Replica(a.location(), List.of(), e.getMessage()));
            }
        }
        List<ReplicaStatus> status = replicas.stream().map(r -> ReplicaStatus.of(primary, r.snapshots())).toList();
        if (json) printJson(primaryLocation, primary, replicas, status);
        else printText(primaryLocation, primary, replicas, status);
        return replicas.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private void printText(String primaryLocation, List<SnapshotRef> primary, List<Replica> replicas, List<ReplicaStatus> status) {
        var out = command.env.out();
        out.println("primary: " + primaryLocation);
        for (int i = 0; i < replicas.size(); i++) out.printf("R%d: %s%n", i + 1, replicas.get(i).location());
        StringBuilder head = new StringBuilder(String.format("%-8s  %-19s  %-16s  %-16s", "ID", "Time", "Host", "Tags"));
        for (int i = 0; i < replicas.size(); i++) head.append(String.format("  %-8s", "R" + (i + 1)));
        out.println(head);
        for (SnapshotRef s : primary) {
            StringBuilder line = new StringBuilder(String.format("%-8s  %s", s.shortId(), SnapshotsCommand.columns(s)));
            for (int i = 0; i < replicas.size(); i++) {
                String copy = status.get(i).copies().get(s.id());
                line.append(String.format("  %-8s", replicas.get(i).error() != null ? "?" : copy == null ? "-" : copy.substring(0, 8)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(Units.count(primary.size(), "snapshot"));
        for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            ReplicaStatus st = status.get(i);
            String what;
            if (r.error() != null) what = "not reachable: " + r.error();
            else if (st.newestCopy() == null) what = "holds none of the " + primary.size() + " snapshots";
            else what = "holds " + st.copies().size() + " of " + primary.size() + " snapshots; "
                    + (st.behind() == 0 ? "up to date" : st.behind() + " behind, newest copy " + st.newestCopy().shortId() + " is " + human(st.lag()) + " older than the newest snapshot")
                    + (st.missing() > st.behind() ? " (" + (st.missing() - st.behind()) + " older ones not copied)" : "");
            out.printf("R%d %s: %s%n", i + 1, r.location(), what);
        }
    }

    private void printJson(String primaryLocation, List<SnapshotRef> primary, List<Replica> replicas, List<ReplicaStatus> status) {
        List<Map<String, Object>> snaps = new ArrayList<>();
        for (SnapshotRef s : primary) {
            Map<String, Object> m = SnapshotsCommand.toJson(s);
            Map<String, Object> copies = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                if (replicas.get(i).error() != null) continue;
                String copy = status.get(i).copies().get(s.id());
                if (copy != null) copies.put(replicas.get(i).location(), copy);
                else missing.add(replicas.get(i).location());
            }
            m.put("copies", copies);
            m.put("missing_from", missing);
            snaps.add(m);
        }
        List<Map<String, Object>> reps = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            ReplicaStatus st = status.get(i);
            m.put("location", replicas.get(i).location());
            m.put("reachable", replicas.get(i).error() == null);
            m.put("error", replicas.get(i).error());
            if (replicas.get(i).error() == null) {
                m.put("copies", st.copies().size());
                m.put("missing", st.missing());
                m.put("behind", st.behind());
                m.put("newest_copy", st.newestCopy() == null ? null : st.newestCopy().id());
                m.put("newest_copy_time", st.newestCopy() == null ? null : st.newestCopy().snapshot().time());
                m.put("lag_seconds", st.lag() == null ? null : st.lag().toSeconds());
            }
            reps.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("primary", primaryLocation);
        out.put("snapshots", snaps);
        out.put("replicas", reps);
        command.printJson(out);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        if (s < 172800) return (s / 3600) + " h";
        return (s / 86400) + " days";
    }
}
