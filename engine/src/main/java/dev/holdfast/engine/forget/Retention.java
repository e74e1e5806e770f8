package dev.holdfast.engine.forget;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies keep rules to snapshots: a pure function of the snapshots, the rules, the grouping, the
 * protected ids and the time zone that defines days and hours. Within each group snapshots are
 * visited newest first (ties by id); a period rule keeps the first snapshot of each period it
 * meets until its count is used up; {@code last} keeps the newest N; spans are measured back from
 * the group's newest snapshot, not from now, so running forget late never removes more. A protected
 * snapshot is always kept.
 */
public final class Retention {
    private static final Comparator<SnapshotRef> NEWEST_FIRST = Comparator
            .comparing((SnapshotRef r) -> r.snapshot().instant()).thenComparing(SnapshotRef::id).reversed();

    private Retention() {}

    /** One decision per snapshot, in the order of the input. */
    public static List<Decision> apply(List<SnapshotRef> snapshots, RetentionRules rules, GroupBy groupBy,
                                       Set<String> protectedIds, ZoneId zone) {
        Map<String, List<SnapshotRef>> groups = new LinkedHashMap<>();
        for (SnapshotRef r : snapshots) groups.computeIfAbsent(groupBy.key(r.snapshot()), k -> new ArrayList<>()).add(r);
        Map<String, Decision> byId = new HashMap<>();
        groups.forEach((key, members) -> {
            for (Decision d : group(key, members, rules, protectedIds, zone)) byId.put(d.snapshot().id(), d);
        });
        return snapshots.stream().map(r -> byId.get(r.id())).toList();
    }

    private static List<Decision> group(String key, List<SnapshotRef> members, RetentionRules rules, Set<String> protectedIds, ZoneId zone) {
        List<SnapshotRef> sorted = new ArrayList<>(members);
        sorted.sort(NEWEST_FIRST);
        ZonedDateTime newest = sorted.getFirst().snapshot().instant().atZone(zone);
        int lastLeft = rules.last();
        Map<Bucket, Integer> left = new EnumMap<>(Bucket.class);
        Map<Bucket, Long> seen = new EnumMap<>(Bucket.class), seenWithin = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.values()) left.put(b, rules.count(b));
        List<Decision> out = new ArrayList<>();
        for (SnapshotRef r : sorted) {
            ZonedDateTime t = r.snapshot().instant().atZone(zone);
            List<String> reasons = new ArrayList<>();
            if (protectedIds.contains(r.id())) reasons.add("protected");
            if (lastLeft != 0) {
                reasons.add("last");
                if (lastLeft > 0) lastLeft--;
            }
            for (Bucket b : Bucket.values()) {
                int n = left.get(b);
                long period = b.of(t);
                if (n != 0 && !Long.valueOf(period).equals(seen.get(b))) {
                    reasons.add(b.label());
                    seen.put(b, period);
                    if (n > 0) left.put(b, n - 1);
                }
            }
            if (rules.within() != null && !t.isBefore(rules.within().before(newest))) reasons.add("within " + rules.within());
            for (Bucket b : Bucket.values()) {
                Span span = rules.withinBuckets().get(b);
                if (span == null) continue;
                long period = b.of(t);
                if (!t.isBefore(span.before(newest)) && !Long.valueOf(period).equals(seenWithin.get(b))) {
                    reasons.add("within-" + b.label() + " " + span);
                    seenWithin.put(b, period);
                }
            }
            for (String tagSet : rules.tags()) {
                if (hasAll(r.snapshot().tags(), dev.holdfast.engine.snapshots.SnapshotFilter.splitTags(List.of(tagSet)))) reasons.add("tag " + tagSet);
            }
            boolean keep = !reasons.isEmpty();
            out.add(new Decision(r, key, keep, keep ? List.copyOf(reasons) : List.of("no rule keeps it")));
        }
        return out;
    }

    private static boolean hasAll(Collection<String> have, List<String> need) {
        return need.stream().map(String::trim).allMatch(have::contains);
    }

    /**
     * The snapshots a capacity limit may remove, in the order it removes them (oldest first): those
     * the rules remove (every snapshot when no rule is set), but never the newest of a group nor a
     * protected one.
     */
    public static List<SnapshotRef> capacityCandidates(List<Decision> decisions, boolean rulesGiven, Set<String> protectedIds) {
        Map<String, SnapshotRef> newest = new HashMap<>();
        for (Decision d : decisions) newest.merge(d.group(), d.snapshot(), (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        return decisions.stream()
                .filter(d -> !rulesGiven || !d.keep())
                .filter(d -> !protectedIds.contains(d.snapshot().id()) && !newest.get(d.group()).id().equals(d.snapshot().id()))
                .map(Decision::snapshot)
                .sorted(NEWEST_FIRST.reversed())
                .toList();
    }
}
