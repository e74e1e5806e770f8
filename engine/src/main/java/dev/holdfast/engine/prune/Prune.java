package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.gc.DeletionMarker;
import dev.holdfast.repo.gc.Owner;
import dev.holdfast.repo.gc.PruneLock;
import dev.holdfast.repo.gc.Sessions;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One prune, following docs/repository-format.md, "Deleting data". Under the prune lock:
 * <ol>
 * <li>markers left unarmed by an interrupted prune are discarded (nothing of theirs was deleted);</li>
 * <li>armed markers whose blocking backups have all ended are carried out ({@link Finalizer});</li>
 * <li>a new plan is made; used blobs of packs to repack are copied to new packs and indexed; a
 *     marker naming the packs to remove is written, the running backups are listed, and the marker
 *     is armed with them;</li>
 * <li>markers that are now ready are carried out: when no backup is running that is at once.</li>
 * </ol>
 * Killed at any point, the repository stays consistent; the next prune finishes the work.
 */
public final class Prune {
    private final Repository repo;
    private final PruneOptions options;
    private final Owner owner;
    private final List<String> notes = new ArrayList<>();
    private final Reachability reach;

    public Prune(Repository repo, PruneOptions options) {
        this.repo = repo;
        this.options = options;
        this.owner = Owner.current(options.host());
        this.reach = new Reachability(repo);
    }

    public PruneReport run() throws IOException {
        Storage storage = repo.storage();
        if (options.dryRun()) {
            List<DeletionMarker> markers = DeletionMarker.list(storage, repo.aead());
            PrunePlan plan = plan(DeletionMarker.doomedPacks(markers.stream().filter(DeletionMarker::armed).toList()));
            return new PruneReport(plan, 0, 0, markers.stream().mapToLong(m -> m.packs().size()).sum(), List.of(),
                    storage.list(dev.holdfast.repo.index.IndexFile.PREFIX).size(), -1, List.copyOf(notes));
        }
        try (PruneLock lock = PruneLock.acquire(storage, repo.aead(), owner, options.clock(), this::note)) {
            List<DeletionMarker> markers = new ArrayList<>();
            for (DeletionMarker m : DeletionMarker.list(storage, repo.aead())) {
                if (m.armed()) {
                    markers.add(m);
                } else {
                    m.delete(storage);
                    note("discarded deletion marker " + m.id() + " of an interrupted prune (" + m.owner() + "); nothing of it had been deleted");
                }
            }
            Finalizer finalizer = new Finalizer(repo, options, reach, this::note);
            if (!markers.isEmpty()) {
                finalizer.run(markers); // the pending work of earlier prunes first, so the plan sees its result
                markers = DeletionMarker.list(storage, repo.aead());
            }
            options.status().accept("planning");
            PrunePlan plan = plan(DeletionMarker.doomedPacks(markers));
            if (!plan.isEmpty()) {
                repack(plan);
                markers.add(mark(plan));
            }
            Finalizer.Result done = finalizer.run(markers);
            finalizer.removeEndedSessions();
            return new PruneReport(plan, finalizer.packsDeleted(), finalizer.bytesDeleted(), done.pendingPacks(), done.waitingFor(),
                    finalizer.indexFilesBefore(), done.indexFiles(), List.copyOf(notes));
        }
    }

    private void note(String s) {
        notes.add(s);
        options.status().accept(s);
    }

    /**
     * Reads the snapshots and the index afresh and plans; packs of armed markers are left alone.
     * The snapshots are listed first: a backup writes its index files before its snapshot, so every
     * snapshot listed has its blobs in the index read after (the other order made a backup that
     * ended in between look like damage).
     */
    private PrunePlan plan(Set<Id> doomed) throws IOException {
        try {
            return readAndPlan(doomed);
        } catch (PrunePlanner.MissingBlobsException e) {
            throw new PruneRefusedException(e.getMessage() + "; prune deletes nothing in a damaged repository: run 'holdfast check'");
        }
    }

    private PrunePlan readAndPlan(Set<Id> doomed) throws IOException {
        repo.reload();
        List<SnapshotRef> snapshots = snapshots(repo);
        options.status().accept("reading the index");
        IndexEntries idx = IndexEntries.load(repo);
        options.status().accept("finding used blobs in " + snapshots.size() + " snapshots");
        reach.walk(snapshots);
        return PrunePlanner.plan(idx.entries(), packSizes(repo.storage()), reach.used(), doomed, options.maxUnused());
    }

    /** Every snapshot; refuses when one cannot be read (what it uses is unknown). */
    static List<SnapshotRef> snapshots(Repository repo) throws IOException {
        List<SnapshotRef> all = repo.snapshots();
        if (!repo.snapshotProblems().isEmpty()) {
            throw new PruneRefusedException("snapshot file " + repo.snapshotProblems().getFirst()
                    + "; prune deletes nothing while a snapshot cannot be read: run 'holdfast check' (and forget the damaged snapshot if it cannot be repaired)");
        }
        return all;
    }

    static Map<Id, Long> packSizes(Storage storage) throws IOException {
        Map<Id, Long> sizes = new HashMap<>();
        for (BlobInfo b : storage.list("data/")) {
            String hex = b.name().substring(b.name().lastIndexOf('/') + 1);
            if (Id.isHex(hex) && b.name().equals(ContentStore.packName(Id.parse(hex)))) sizes.put(Id.parse(hex), b.size());
        }
        return sizes;
    }

    /** Copies the used blobs of the packs to repack (several packs at once) into new packs, indexed before anything names the old ones. */
    private void repack(PrunePlan plan) throws IOException {
        if (plan.repack().isEmpty()) return;
        options.status().accept("repacking " + plan.repack().size() + (plan.repack().size() == 1 ? " pack" : " packs"));
        ContentStore store = repo.content();
        Repacker repacker = new Repacker(repo.storage(), store, new dev.holdfast.repo.pack.Sealing(repo.aead()));
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("repack-", 0).factory());
        try {
            List<java.util.concurrent.Future<?>> copies = new ArrayList<>();
            for (Map.Entry<Id, List<dev.holdfast.repo.pack.BlobRef>> e : plan.repack().entrySet()) {
                copies.add(pool.submit(() -> {
                    repacker.copy(e.getKey(), e.getValue());
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : copies) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while repacking");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        store.flush();
    }

    /** Writes the marker, lists the running backups, and arms the marker with them. */
    private DeletionMarker mark(PrunePlan plan) throws IOException {
        byte[] r = new byte[16];
        new SecureRandom().nextBytes(r);
        DeletionMarker m = new DeletionMarker(HexFormat.of().formatHex(r), options.clock().instant().toString(), owner, plan.packsToRemove(), null);
        m.write(repo.storage(), repo.aead());
        List<String> running = new ArrayList<>();
        for (Sessions.Session s : Sessions.list(repo.storage(), repo.aead()).values()) {
            if (s.alive(options.clock().instant())) running.add(s.id());
        }
        DeletionMarker armed = m.arm(running);
        armed.write(repo.storage(), repo.aead());
        return armed;
    }

    /** Threads deleting files at once: a local delete waits for its directories' fsync, a remote one for a round trip. */
    private static final int DELETE_THREADS = 4;

    /**
     * Deletes the files (and their cached copies) and returns when all are gone; files already gone
     * are skipped. The names are split among a few threads, each handing its share to
     * {@link Storage#deleteAll} (a local storage then syncs each directory once, not once per file).
     * The first failure is thrown after the other shares have been tried.
     */
    static void deleteAll(Repository repo, List<String> names) throws IOException {
        int threads = Math.min(DELETE_THREADS, names.size());
        if (threads <= 1) {
            repo.storage().deleteAll(names);
            names.forEach(repo::evictCached);
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("delete-", 0).factory());
        try {
            List<java.util.concurrent.Future<?>> deletes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> share = new ArrayList<>();
                for (int i = t; i < names.size(); i += threads) share.add(names.get(i));
                deletes.add(pool.submit(() -> {
                    repo.storage().deleteAll(share);
                    share.forEach(repo::evictCached);
                    return null;
                }));
            }
            IOException failure = null;
            for (java.util.concurrent.Future<?> f : deletes) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
                    if (failure == null) failure = io;
                }
            }
            if (failure != null) throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while deleting");
        } finally {
            pool.shutdownNow();
        }
    }
}
