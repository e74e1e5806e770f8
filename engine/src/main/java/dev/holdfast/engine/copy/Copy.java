package dev.holdfast.engine.copy;

import dev.holdfast.compress.Compressor;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryConfig;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies snapshots from one repository to another, sending only what the target lacks.
 *
 * <p>When both repositories cut the same chunks and give them the same ids (same chunker
 * parameters and secret, same id key: {@code init --copy-chunker-params}), blobs are copied as
 * stored; otherwise file contents are re-chunked by the target's chunker. Every blob read from the
 * source is verified before anything derived from it is written. A snapshot whose data cannot all
 * be read is not written (its problems name the file and pack); the others proceed.
 *
 * <p>Resuming: the target's index is written every few packs, and packs an interrupted run left
 * unindexed are indexed from their headers before anything is sent, so nothing that arrived is
 * sent again. A copied snapshot records its original's id ({@code original}), so a snapshot
 * already in the target is skipped. Write order as for a backup: packs, index, then the snapshot.
 */
public final class Copy {
    /** Packs uploaded between two index files of the target. */
    static final int PACKS_PER_INDEX = 4;
    /** Packs uploaded to the target at once (the packs waiting are staged in files, not memory). */
    static final int UPLOADS = 4;

    private final Repository source;
    private final Repository target;
    private final int readers;
    private final Consumer<String> status;

    /** What happened to one snapshot: copied (targetId), already there (skipped), or failed (errors). */
    public record Outcome(SnapshotRef source, String targetId, boolean skipped, long blobsSent, long bytesSent, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Copy(Repository source, Repository target, int readers, Consumer<String> status) {
        if (source.config().id().equals(target.config().id())) {
            throw new IllegalArgumentException("source and target are the same repository (" + source.storage().location() + ")");
        }
        this.source = source;
        this.target = target;
        this.readers = readers;
        target.uploadThreads(UPLOADS);
        this.status = status;
    }

    /**
     * Source packs read at once by default: one per core (at least 2). Reading is mostly CPU
     * (decryption, decompression, hashing): on 2 cores, 2 readers copied the benchmark data as
     * fast as 8 with 40% of the memory. A source far away (high latency) wants more.
     */
    public static int defaultReaders() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** True when both repositories cut the same chunks and give them the same ids. */
    public static boolean sameChunking(Repository a, Repository b) {
        RepositoryConfig x = a.config(), y = b.config();
        return x.chunker().equals(y.chunker()) && x.chunkerParams().equals(y.chunkerParams())
                && x.chunkerSecret().equals(y.chunkerSecret()) && x.hash().equals(y.hash())
                && Arrays.equals(a.masterKey().id(), b.masterKey().id());
    }

    /** Copies the snapshots, oldest first, telling done about each as it finishes. */
    public List<Outcome> run(List<SnapshotRef> snapshots, Consumer<Outcome> done) throws IOException {
        ContentStore store = target.content();
        store.indexEvery(PACKS_PER_INDEX);
        int adopted = store.indexOrphanPacks();
        if (adopted > 0) status.accept("indexed " + adopted + " packs an interrupted run left in the target; they are not sent again");
        Map<String, String> present = new HashMap<>();
        for (SnapshotRef r : target.snapshots()) present.putIfAbsent(Snapshot.originOf(r), r.id());
        List<SnapshotRef> ordered = new ArrayList<>(snapshots);
        ordered.sort(Comparator.comparing((SnapshotRef r) -> r.snapshot().instant()).thenComparing(SnapshotRef::id));
        boolean same = sameChunking(source, target);
        SourceReader reader = new SourceReader(source);
        Compressor treeCompressor = new Compressor(Math.max(3, target.config().compressionLevel()));
        List<Outcome> outcomes = new ArrayList<>();
        List<SnapshotRef> sourceSnapshots = same ? List.of() : source.snapshots();
        try (BlobTransfer transfer = new BlobTransfer(reader, store, readers);
             Rechunk rechunk = same ? null : new Rechunk(source, target, reader, readers)) {
            SameChunkerCopy direct = same ? new SameChunkerCopy(source, store, reader, transfer, treeCompressor) : null;
            for (SnapshotRef s : ordered) {
                String origin = Snapshot.originOf(s);
                String there = present.get(origin);
                Outcome o;
                if (there != null) {
                    o = new Outcome(s, there, true, 0, 0, List.of());
                } else {
                    status.accept("copying snapshot " + s.shortId() + (same ? "" : " (re-chunking for the target)"));
                    long blobs0 = sent(transfer, rechunk, true), bytes0 = sent(transfer, rechunk, false);
                    List<String> errors = new ArrayList<>();
                    String root = s.snapshot().tree();
                    if (same) {
                        errors.addAll(direct.copy(s));
                    } else {
                        learnFromEarlierCopy(rechunk, s, sourceSnapshots, present);
                        Id id = rechunk.copy(s, errors);
                        if (id != null) root = id.hex();
                    }
                    store.flush();
                    String id = null;
                    if (errors.isEmpty()) {
                        id = target.saveSnapshot(s.snapshot().copiedAs(root, origin)).id();
                        present.put(origin, id);
                    }
                    o = new Outcome(s, id, false, sent(transfer, rechunk, true) - blobs0, sent(transfer, rechunk, false) - bytes0, List.copyOf(errors));
                }
                outcomes.add(o);
                done.accept(o);
            }
        }
        return outcomes;
    }

    /** Lets re-chunking learn from the target's copy of an earlier snapshot; an unreadable copy teaches nothing. */
    private void learnFromEarlierCopy(Rechunk rechunk, SnapshotRef s, List<SnapshotRef> sourceSnapshots, Map<String, String> present) {
        SnapshotRef earlier = earlierCopy(s, sourceSnapshots, present);
        if (earlier == null) return;
        try {
            rechunk.learn(earlier, target.readSnapshot(Repository.SNAPSHOTS + present.get(Snapshot.originOf(earlier))));
        } catch (IOException e) {
            status.accept("note: the target's copy of snapshot " + earlier.shortId() + " cannot be read (" + e.getMessage() + "); every file is read again");
        }
    }

    /**
     * The latest source snapshot of the same host and paths as s, not newer than it, that the
     * target already holds a copy of (re-chunking learns from that copy), or null.
     */
    private static SnapshotRef earlierCopy(SnapshotRef s, List<SnapshotRef> sourceSnapshots, Map<String, String> present) {
        SnapshotRef best = null;
        for (SnapshotRef r : sourceSnapshots) {
            if (r.id().equals(s.id()) || !present.containsKey(Snapshot.originOf(r)) || r.snapshot().instant().isAfter(s.snapshot().instant())) continue;
            if (!java.util.Objects.equals(r.snapshot().host(), s.snapshot().host()) || !r.snapshot().paths().equals(s.snapshot().paths())) continue;
            best = r;
        }
        return best;
    }

    private static long sent(BlobTransfer t, Rechunk r, boolean blobs) {
        if (r != null) return blobs ? r.blobsSent.get() : r.bytesSent.get();
        return blobs ? t.blobsSent.get() : t.bytesSent.get();
    }
}
