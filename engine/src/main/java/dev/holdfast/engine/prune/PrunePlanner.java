package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans a prune; a pure function of the index entries (every location of every blob, from all
 * index files), the packs in storage and their sizes, the blobs the snapshots use, the packs
 * already named by deletion markers (left alone), and the largest unused share a pack may keep.
 *
 * <p>Each used blob keeps one copy: the first, in pack id order, in a pack that exists and is not
 * doomed. Every other copy, and every blob nothing uses, is unused. A used blob that is only in
 * doomed packs needs nothing from the plan (those packs are left alone, and kept when their marker
 * is carried out); one that is in no existing pack at all means damage. A pack with no used blob (or
 * that no index names) is deleted; one whose unused share of its indexed bytes exceeds
 * {@code maxUnused} is repacked.
 */
public final class PrunePlanner {
    private PrunePlanner() {}

    /** A used blob that is in no existing pack: the repository is damaged and prune must not run. */
    public static final class MissingBlobsException extends IllegalStateException {
        private final List<BlobKey> missing;

        MissingBlobsException(List<BlobKey> missing) {
            super(missing.size() + " blobs the snapshots use are in no pack (first: " + missing.getFirst().type().name().toLowerCase()
                    + " " + missing.getFirst().id().hex() + ")");
            this.missing = missing;
        }

        public List<BlobKey> missing() { return missing; }
    }

    public static PrunePlan plan(List<BlobRef> entries, Map<Id, Long> packSizes, Set<BlobKey> used, Set<Id> doomed, double maxUnused) {
        // one location listed by two index files (a prune stopped between writing its compacted index
        // and deleting the files it replaces) is one copy, not a used one and an unused one
        List<BlobRef> sorted = new ArrayList<>(new java.util.HashSet<>(entries));
        sorted.sort(Comparator.comparing(BlobRef::pack).thenComparingLong(BlobRef::offset));
        Map<BlobKey, BlobRef> home = new HashMap<>();
        Set<BlobKey> onlyDoomed = new java.util.HashSet<>();
        for (BlobRef r : sorted) {
            if (!packSizes.containsKey(r.pack())) continue;
            BlobKey k = BlobKey.of(r);
            if (!used.contains(k)) continue;
            if (doomed.contains(r.pack())) onlyDoomed.add(k);
            else home.putIfAbsent(k, r);
        }
        onlyDoomed.removeAll(home.keySet());
        // A used blob whose only copies are in doomed packs is not missing: a backup that was running
        // when those packs were marked (a blocker of their marker) deduplicated against them, and its
        // snapshot may be written before the backup ends. Carrying out the marker keeps such packs.
        List<BlobKey> missing = used.stream().filter(k -> !home.containsKey(k) && !onlyDoomed.contains(k))
                .sorted(Comparator.comparing(BlobKey::id)).toList();
        if (!missing.isEmpty()) throw new MissingBlobsException(missing);

        Map<Id, Long> usedBytes = new HashMap<>(), unusedBytes = new HashMap<>();
        Map<Id, List<BlobRef>> kept = new TreeMap<>();
        long blobsRemoved = 0;
        for (BlobRef r : sorted) {
            if (!packSizes.containsKey(r.pack()) || doomed.contains(r.pack())) continue;
            if (home.get(BlobKey.of(r)) == r) {
                usedBytes.merge(r.pack(), (long) r.length(), Long::sum);
                kept.computeIfAbsent(r.pack(), p -> new ArrayList<>()).add(r);
            } else {
                unusedBytes.merge(r.pack(), (long) r.length(), Long::sum);
                blobsRemoved++;
            }
        }
        List<Id> delete = new ArrayList<>();
        Map<Id, List<BlobRef>> repack = new TreeMap<>();
        long freed = 0, rewritten = 0, totalUsed = 0, totalUnused = 0, packs = 0;
        for (Map.Entry<Id, Long> p : new TreeMap<>(packSizes).entrySet()) {
            Id pack = p.getKey();
            if (doomed.contains(pack)) continue;
            packs++;
            long u = usedBytes.getOrDefault(pack, 0L), x = unusedBytes.getOrDefault(pack, 0L);
            totalUsed += u;
            totalUnused += u == 0 ? p.getValue() : x;
            if (u == 0) {
                delete.add(pack);
                freed += p.getValue();
            } else if (x > 0 && (double) x / (u + x) > maxUnused) {
                repack.put(pack, kept.get(pack));
                freed += p.getValue() - u;
                rewritten += u;
            }
        }
        return new PrunePlan(List.copyOf(delete), repack, packs, totalUsed, totalUnused, freed, rewritten, blobsRemoved);
    }
}
