package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.gc.DeletionMarker;
import dev.holdfast.repo.gc.Sessions;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The second phase: carries out the armed markers whose blocking backups have all ended, and
 * compacts the index. The index and the snapshots are read again, so that whatever the blockers
 * (or anyone else) stored meanwhile is seen; a pack that holds a used blob with no copy outside
 * the packs to delete is kept. Then, in this order: one index file replacing all those read (it
 * names no pack about to go), the old index files, the packs, the markers. An interrupted run
 * leaves at worst packs no index names and a marker, which the next run completes.
 */
final class Finalizer {
    /** Packs still waiting, the backups they wait for, and the number of index files left. */
    record Result(long pendingPacks, List<String> waitingFor, int indexFiles) {}

    private final Repository repo;
    private final PruneOptions options;
    private final Reachability reach;
    private final Consumer<String> note;
    private long packsDeleted, bytesDeleted;
    private int indexFilesBefore = -1;
    private Map<String, Sessions.Session> sessions = Map.of();

    Finalizer(Repository repo, PruneOptions options, Reachability reach, Consumer<String> note) {
        this.repo = repo;
        this.options = options;
        this.reach = reach;
        this.note = note;
    }

    Result run(List<DeletionMarker> markers) throws IOException {
        Storage storage = repo.storage();
        Instant now = options.clock().instant();
        sessions = Sessions.list(storage, repo.aead());
        List<DeletionMarker> ready = new ArrayList<>();
        Set<Id> waiting = new HashSet<>();
        Set<String> waitingFor = new java.util.TreeSet<>();
        for (DeletionMarker m : markers) {
            List<String> running = m.blockers().stream().filter(b -> sessions.containsKey(b) && sessions.get(b).alive(now)).toList();
            if (running.isEmpty()) {
                ready.add(m);
            } else {
                waiting.addAll(m.packs());
                running.forEach(b -> waitingFor.add("backup " + b.substring(0, 8) + " (" + sessions.get(b).owner() + ")"));
            }
        }
        Set<Id> remove = new HashSet<>();
        ready.forEach(m -> remove.addAll(m.packs()));
        remove.removeAll(waiting);
        repo.reload();
        IndexEntries idx = IndexEntries.load(repo);
        if (indexFilesBefore < 0) indexFilesBefore = idx.files().size();
        if (remove.isEmpty() && idx.files().size() <= 1) {
            for (DeletionMarker m : ready) m.delete(storage);
            return new Result(waiting.size(), List.copyOf(waitingFor), idx.files().size());
        }
        Map<Id, Long> sizes = Prune.packSizes(storage);
        if (!remove.isEmpty()) rescue(idx.entries(), remove, sizes);
        options.status().accept("writing the compacted index");
        int indexFiles = compact(idx, remove, waiting);
        options.status().accept("deleting " + remove.size() + (remove.size() == 1 ? " pack" : " packs"));
        List<Id> packs = remove.stream().sorted().toList();
        Prune.deleteAll(repo, packs.stream().map(ContentStore::packName).toList());
        for (Id p : packs) {
            Long size = sizes.get(p);
            if (size != null) {
                packsDeleted++;
                bytesDeleted += size;
            }
        }
        for (DeletionMarker m : ready) m.delete(storage);
        return new Result(waiting.size(), List.copyOf(waitingFor), indexFiles);
    }

    /**
     * Reads the snapshots again (backups that ended since the plan may use blobs in the packs to
     * remove) and keeps every pack that holds a used blob with no copy in an existing pack outside
     * the set.
     */
    private void rescue(List<BlobRef> entries, Set<Id> remove, Map<Id, Long> sizes) throws IOException {
        reach.walk(Prune.snapshots(repo));
        Set<BlobKey> used = reach.used();
        Set<BlobKey> safe = new HashSet<>();
        for (BlobRef r : entries) {
            if (!remove.contains(r.pack()) && sizes.containsKey(r.pack())) safe.add(BlobKey.of(r));
        }
        Set<Id> kept = new java.util.TreeSet<>();
        for (BlobRef r : entries) {
            BlobKey k = BlobKey.of(r);
            if (remove.contains(r.pack()) && used.contains(k) && !safe.contains(k)) kept.add(r.pack());
        }
        remove.removeAll(kept);
        if (!kept.isEmpty()) note.accept(kept.size() + " packs marked for deletion are used by snapshots written since; they are kept");
    }

    /**
     * Writes one index file with an entry per blob (preferring a pack that is not waiting for
     * deletion), naming no pack in remove, superseding every file read; then removes those files.
     */
    private int compact(IndexEntries idx, Set<Id> remove, Set<Id> waiting) throws IOException {
        Map<BlobKey, BlobRef> one = new LinkedHashMap<>();
        for (BlobRef r : idx.entries()) {
            if (remove.contains(r.pack())) continue;
            BlobKey k = BlobKey.of(r);
            BlobRef had = one.get(k);
            if (had == null || (waiting.contains(had.pack()) && !waiting.contains(r.pack()))) one.put(k, r);
        }
        List<BlobRef> blobs = new ArrayList<>(one.values());
        blobs.sort(java.util.Comparator.comparing(BlobRef::pack).thenComparingLong(BlobRef::offset));
        List<Id> superseded = idx.files().stream().map(n -> Id.parse(n.substring(IndexFile.PREFIX.length()))).toList();
        String written = blobs.isEmpty() ? null : repo.saveIndex(new IndexFile(superseded, blobs));
        Prune.deleteAll(repo, idx.files().stream().filter(f -> !f.equals(written)).toList());
        return repo.storage().list(IndexFile.PREFIX).size();
    }

    /** Removes the files of sessions that have ended (or whose process is gone): no marker waits for them. */
    void removeEndedSessions() throws IOException {
        Instant now = options.clock().instant();
        List<String> ended = new ArrayList<>();
        for (Sessions.Session s : Sessions.list(repo.storage(), repo.aead()).values()) {
            if (!s.alive(now)) ended.addAll(s.files());
        }
        Prune.deleteAll(repo, ended);
    }

    long packsDeleted() { return packsDeleted; }

    long bytesDeleted() { return bytesDeleted; }

    int indexFilesBefore() { return Math.max(indexFilesBefore, 0); }
}
