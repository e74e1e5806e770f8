package dev.holdfast.engine.snapshots;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/** Resolves "latest" (within a filter), a full snapshot id, or a unique id prefix. */
public final class SnapshotFinder {
    private SnapshotFinder() {}

    public static SnapshotRef find(List<SnapshotRef> all, String spec, SnapshotFilter filter) {
        if (spec.equals("latest")) {
            List<SnapshotRef> m = filter.apply(all);
            if (m.isEmpty()) throw new NotFoundException("no snapshot matches" + describe(filter));
            return m.getLast();
        }
        if (spec.length() < 4 || !spec.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + spec + "' is not a snapshot id: give 'latest', an id, or an id prefix of at least 4 hex digits");
        }
        String p = spec.toLowerCase();
        List<SnapshotRef> m = all.stream().filter(r -> r.id().startsWith(p)).toList();
        if (m.isEmpty()) throw new NotFoundException("no snapshot with id " + spec + "; 'holdfast snapshots' lists them");
        if (m.size() > 1) throw new IllegalArgumentException("snapshot id prefix " + spec + " is ambiguous (" + m.size() + " snapshots); give more digits");
        return m.getFirst();
    }

    private static String describe(SnapshotFilter f) {
        StringBuilder sb = new StringBuilder();
        if (f.host() != null) sb.append(" host ").append(f.host());
        if (!f.tags().isEmpty()) sb.append(" tags ").append(f.tags());
        if (!f.paths().isEmpty()) sb.append(" paths ").append(f.paths());
        return sb.isEmpty() ? " (the repository has no snapshots)" : sb.toString();
    }
}
