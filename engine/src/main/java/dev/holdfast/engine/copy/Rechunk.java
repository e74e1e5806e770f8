package dev.holdfast.engine.copy;

import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a snapshot into a repository with other chunker parameters or another id key: every
 * file's content is read from the source (verified chunk by chunk), cut again by the target's
 * chunker exactly as a backup into the target would cut it, and stored there; trees are rebuilt
 * with the new chunk and subtree ids. Files are processed in parallel (at most
 * {@link #FILES_IN_FLIGHT} at once, through a small pool of chunk buffers); a tree is stored when
 * its last child is done. Files and trees already rewritten in this run (or mapped from an
 * earlier copy, see {@link #learn}) are not read again.
 */
final class Rechunk implements AutoCloseable {
    static final int FILES_IN_FLIGHT = 256;

    private final Repository source;
    private final Repository target;
    private final ContentStore store;
    private final SourceReader reader;
    private final FastCdc cdc;
    private final Compressor compressor, treeCompressor;
    private final ExecutorService pool;
    private final Semaphore slots = new Semaphore(FILES_IN_FLIGHT);
    private final ChunkBuffers buffers;
    private final Map<Id, Id> trees = new ConcurrentHashMap<>();
    private final Map<List<Id>, List<Id>> files = new ConcurrentHashMap<>();
    final AtomicLong blobsSent = new AtomicLong(), bytesSent = new AtomicLong();

    Rechunk(Repository source, Repository target, SourceReader reader, int threads) throws IOException {
        this.source = source;
        this.target = target;
        this.store = target.content();
        this.reader = reader;
        this.cdc = new FastCdc(target.config().chunkerParams(), target.config().chunkerSecretBytes());
        this.compressor = new Compressor(target.config().compressionLevel());
        this.treeCompressor = new Compressor(Math.max(3, target.config().compressionLevel()));
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("rechunk-", 0).factory());
        this.buffers = new ChunkBuffers(Runtime.getRuntime().availableProcessors() + 1, cdc.params().max());
    }

    /**
     * Learns from an earlier copy: walks a source snapshot and its copy in the target side by side
     * and remembers, for each directory and file present in both, which target tree and chunks the
     * source tree and chunks became. A later snapshot of the same files then reads only what changed.
     * Anything unreadable is skipped (it is then simply copied again).
     */
    void learn(SnapshotRef original, SnapshotRef copy) {
        learn(Id.parse(original.snapshot().tree()), Id.parse(copy.snapshot().tree()));
    }

    private void learn(Id sourceTree, Id targetTree) {
        if (trees.putIfAbsent(sourceTree, targetTree) != null) return;
        Tree a, b;
        try {
            a = Tree.decode(reader.tree(source, sourceTree), "tree " + sourceTree.hex());
            b = target.tree(targetTree);
        } catch (IOException e) {
            trees.remove(sourceTree);
            return;
        }
        for (Node n : a.nodes()) {
            Node m = b.find(n.name());
            if (m == null || m.type() != n.type()) continue;
            if (n.type() == NodeType.DIR && n.subtree() != null && m.subtree() != null) learn(n.subtree(), m.subtree());
            else if (n.type() == NodeType.FILE && n.size() == m.size()) files.putIfAbsent(List.copyOf(n.content()), List.copyOf(m.content()));
        }
    }

    /** The id of the snapshot's root tree in the target, or null when problems (added to errors) left it incomplete. */
    Id copy(SnapshotRef s, List<String> errors) throws IOException {
        List<String> found = Collections.synchronizedList(new ArrayList<>());
        String where = "snapshot " + s.shortId() + ": ";
        try {
            return tree(Id.parse(s.snapshot().tree()), BytePaths.ROOT, where, found).join();
        } catch (CompletionException e) {
            throw dev.holdfast.engine.Failures.unwrap(e);
        } finally {
            errors.addAll(found);
        }
    }

    private CompletableFuture<Id> tree(Id srcId, byte[] path, String where, List<String> errors) throws IOException {
        Id known = trees.get(srcId);
        if (known != null && store.contains(BlobType.TREE, known)) return CompletableFuture.completedFuture(known);
        Tree src;
        try {
            src = Tree.decode(reader.tree(source, srcId), "tree " + srcId.hex());
        } catch (IOException e) {
            errors.add(where + BytePaths.display(path) + ": tree " + srcId.shortHex() + ": " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Node>> kids = new ArrayList<>(src.nodes().size());
        for (Node n : src.nodes()) {
            byte[] child = BytePaths.child(path, n.name());
            if (n.type() == NodeType.DIR && n.subtree() != null) {
                kids.add(tree(n.subtree(), child, where, errors).thenApply(id -> id == null ? null : n.withSubtree(id)));
            } else if (n.type() == NodeType.FILE && !n.content().isEmpty()) {
                kids.add(file(n, child, where, errors));
            } else {
                kids.add(CompletableFuture.completedFuture(n));
            }
        }
        return CompletableFuture.allOf(kids.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Node> nodes = new ArrayList<>(kids.size());
            for (CompletableFuture<Node> k : kids) {
                Node n = k.join();
                if (n == null) return null;
                nodes.add(n);
            }
            try {
                Id id = target.saveTree(new Tree(nodes), treeCompressor, added -> count(added));
                trees.put(srcId, id);
                return id;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private CompletableFuture<Node> file(Node n, byte[] path, String where, List<String> errors) throws IOException {
        List<Id> known = files.get(n.content());
        if (known != null && known.stream().allMatch(c -> store.contains(BlobType.DATA, c))) {
            return CompletableFuture.completedFuture(n.withContent(n.size(), known, n.extents()));
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<Id> chunks = rechunk(n.content());
                files.put(List.copyOf(n.content()), chunks);
                return n.withContent(n.size(), chunks, n.extents());
            } catch (DamagedBlobException e) {
                errors.add(where + BytePaths.display(path) + ": " + e.getMessage());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                slots.release();
            }
        }, pool);
    }

    /** Reads a file's content from the source, verified, and stores it cut by the target's chunker. */
    private List<Id> rechunk(List<Id> content) throws IOException {
        List<BlobRef> refs = new ArrayList<>(content.size());
        long total = 0;
        for (Id c : content) {
            BlobRef r = source.content().locate(BlobType.DATA, c);
            if (r == null) throw new DamagedBlobException(null, "chunk " + c.shortHex() + " is missing from the source's index");
            refs.add(r);
            total += r.rawLength();
        }
        List<Id> out = new ArrayList<>();
        boolean small = total <= cdc.params().min();
        byte[] buf = small ? new byte[(int) total] : buffers.take();
        int[] filled = {0};
        try {
            reader.read(refs, (ref, v, problem) -> {
                if (v == null) throw new DamagedBlobException(ref, problem);
                byte[] plain = v.plain();
                int length = ref.rawLength();
                for (int pos = 0; pos < length; ) {
                    int n = Math.min(buf.length - filled[0], length - pos);
                    System.arraycopy(plain, pos, buf, filled[0], n);
                    filled[0] += n;
                    pos += n;
                    if (filled[0] == buf.length) filled[0] = cut(buf, filled[0], out);
                }
            });
            while (filled[0] > 0) filled[0] = cut(buf, filled[0], out);
        } finally {
            if (!small) buffers.give(buf);
        }
        return out;
    }

    /** Stores the next chunk of buf[0, filled) and moves the rest to the front; returns what is left. */
    private int cut(byte[] buf, int filled, List<Id> out) throws IOException {
        int len = cdc.cut(buf, 0, filled);
        Id id = store.id(buf, 0, len);
        count(store.put(BlobType.DATA, id, buf, 0, len, compressor));
        out.add(id);
        System.arraycopy(buf, len, buf, 0, filled - len);
        return filled - len;
    }

    private void count(long added) {
        if (added > 0) {
            blobsSent.incrementAndGet();
            bytesSent.addAndGet(added);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
