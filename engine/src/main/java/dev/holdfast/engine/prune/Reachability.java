package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The blobs snapshots reach: their trees and the data chunks of their files. Trees are read in
 * parallel, each once however many snapshots share it. A tree that cannot be read makes the
 * whole computation fail: what it references is unknown, so nothing may be deleted.
 */
final class Reachability {
    private final Repository repo;
    private final Set<BlobKey> used = ConcurrentHashMap.newKeySet();
    private final Set<String> walked = ConcurrentHashMap.newKeySet();

    Reachability(Repository repo) {
        this.repo = repo;
    }

    Set<BlobKey> used() {
        return used;
    }

    /** Adds what the given snapshots reach (snapshots already walked are skipped). */
    void walk(List<SnapshotRef> snapshots) throws IOException {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("reach-", 0).factory());
        try {
            List<Id> level = new ArrayList<>();
            for (SnapshotRef s : snapshots) {
                if (!walked.add(s.id())) continue;
                Id root = parse(s);
                if (used.add(new BlobKey(BlobType.TREE, root))) level.add(root);
            }
            while (!level.isEmpty()) {
                List<Future<List<Id>>> reads = new ArrayList<>();
                for (Id t : level) reads.add(pool.submit(() -> children(t)));
                List<Id> next = new ArrayList<>();
                for (Future<List<Id>> f : reads) next.addAll(get(f));
                level = next;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Id parse(SnapshotRef s) throws PruneRefusedException {
        try {
            return Id.parse(s.snapshot().tree());
        } catch (IllegalArgumentException e) {
            throw new PruneRefusedException("snapshot " + s.shortId() + " has a bad tree id; run 'holdfast check'");
        }
    }

    /** Records the blobs of one tree and returns its subtrees not seen before. */
    private List<Id> children(Id treeId) throws IOException {
        Tree tree;
        try {
            tree = repo.tree(treeId);
        } catch (IOException e) {
            throw new PruneRefusedException("tree " + treeId.hex() + " cannot be read (" + e.getMessage()
                    + "); prune deletes nothing while a snapshot cannot be fully read: run 'holdfast check'");
        }
        List<Id> out = new ArrayList<>();
        for (Node n : tree.nodes()) {
            if (n.type() == NodeType.DIR && n.subtree() != null && used.add(new BlobKey(BlobType.TREE, n.subtree()))) out.add(n.subtree());
            if (n.type() == NodeType.FILE) for (Id c : n.content()) used.add(new BlobKey(BlobType.DATA, c));
        }
        return out;
    }

    private static List<Id> get(Future<List<Id>> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }
}
