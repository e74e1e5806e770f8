package dev.holdfast.engine.check;

import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.PackReader;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Verifies a repository. Structure: every index file opens (the stored copy, not the cache's, must
 * still hash to its name, as must every snapshot file), every pack an index names exists and
 * is long enough, every snapshot opens and every tree and chunk it references is indexed. With
 * read-data, each selected pack is read whole: its header must authenticate and describe exactly
 * the bytes before it, every blob must decrypt and hash back to its id, and the index must agree
 * with the header. Each problem names the file concerned; missing packs and damaged or cut-off
 * blobs are traced to the snapshot files that use them (only those: a file whose chunks are intact
 * still restores even when its pack holds a damaged blob).
 */
public final class Check {
    /** Largest read while verifying data. */
    private static final int SLICE = 2 * 1024 * 1024;

    private final Repository repo;
    private final Subset subset;
    private final Consumer<String> status;
    private final Set<String> errors = ConcurrentHashMap.newKeySet();
    private final List<String> notes = new ArrayList<>();
    private final Map<Id, String> badPacks = new ConcurrentHashMap<>();
    private final Set<BlobKey> badBlobs = ConcurrentHashMap.newKeySet();
    /** Every tree walked, with the problems below it (see {@link Walk}). */
    private final Map<Id, List<Problem>> trees = new ConcurrentHashMap<>();
    private ChunkIndex index;

    /** A blob found damaged (or cut off) in its pack, so the files that use it can be named. */
    private record BlobKey(BlobType type, Id id) {}

    /** @param subset packs to read, or null to check the structure only */
    public Check(Repository repo, Subset subset, Consumer<String> status) {
        this.repo = repo;
        this.subset = subset;
        this.status = status;
    }

    public CheckReport run() throws IOException {
        // snapshots are listed before the index is read: a backup writes its index files before its
        // snapshot, so one that ends during the check cannot look like a snapshot with missing data
        List<BlobInfo> snapshotFiles = repo.storage().list(Repository.SNAPSHOTS);
        status.accept("loading index");
        ContentStore store = repo.content();
        index = store.index();
        repo.indexProblems().forEach(p -> errors.add("index file " + p));
        Storage storage = repo.storage();
        for (BlobInfo b : storage.list(IndexFile.PREFIX)) {
            if (repo.indexProblems().stream().anyMatch(p -> p.startsWith(b.name() + ":"))) continue;
            try {
                readStored(storage, b.name());
            } catch (IOException e) {
                errors.add("index file " + e.getMessage());
            }
        }
        Map<Id, Long> packSizes = new HashMap<>();
        for (BlobInfo b : storage.list("data/")) {
            String hex = b.name().substring(b.name().lastIndexOf('/') + 1);
            if (Id.isHex(hex) && b.name().equals(ContentStore.packName(Id.parse(hex)))) packSizes.put(Id.parse(hex), b.size());
            else notes.add("unexpected file " + b.name());
        }
        status.accept("checking packs");
        Map<Id, List<BlobRef>> byPack = new HashMap<>();
        index.forEach(r -> byPack.computeIfAbsent(r.pack(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Id, List<BlobRef>> e : byPack.entrySet()) {
            Long size = packSizes.get(e.getKey());
            if (size == null) {
                bad(e.getKey(), "is missing (the index lists " + e.getValue().size() + (e.getValue().size() == 1 ? " blob" : " blobs") + " in it)");
                continue;
            }
            long end = e.getValue().stream().mapToLong(r -> r.offset() + r.length()).max().orElse(0);
            if (end > size) {
                errors.add("pack " + e.getKey().hex() + " is truncated (" + size + " bytes, the index needs " + end + ")");
                for (BlobRef r : e.getValue()) if (r.offset() + r.length() > size) badBlobs.add(new BlobKey(r.type(), r.id()));
            }
        }
        for (Id p : packSizes.keySet()) {
            if (!byPack.containsKey(p)) notes.add("pack " + p.hex() + " is not in any index (left by an interrupted backup; prune removes it)");
        }
        status.accept("checking snapshots");
        List<Root> roots = new ArrayList<>();
        int snapshotCount = 0;
        for (BlobInfo b : snapshotFiles) {
            SnapshotRef s;
            try {
                readStored(storage, b.name());
                s = repo.readSnapshot(b.name());
            } catch (dev.holdfast.storage.NotFoundException e) {
                continue; // forgotten since it was listed
            } catch (IOException e) {
                errors.add("snapshot file " + e.getMessage());
                continue;
            }
            snapshotCount++;
            try {
                roots.add(new Root(s, Id.parse(s.snapshot().tree())));
            } catch (IllegalArgumentException e) {
                errors.add("snapshot " + s.shortId() + ": bad tree id " + s.snapshot().tree());
            }
        }
        AtomicLong bytesRead = new AtomicLong();
        long packsRead = 0;
        ForkJoinPool pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            if (subset == null) {
                walk(pool, roots);
            } else {
                // the trees are walked while the packs are read; when the reading finds damage, they
                // are walked again, to name the files that use it
                ForkJoinTask<?> first = pool.submit(() -> walk(pool, roots));
                packsRead = readData(packSizes, byPack, bytesRead);
                first.join();
                if (!badPacks.isEmpty() || !badBlobs.isEmpty()) {
                    trees.clear();
                    walk(pool, roots);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (Root r : roots) {
            for (Problem p : trees.get(r.tree())) {
                errors.add("snapshot " + r.snapshot().shortId() + ": " + BytePaths.display(p.path()) + ": " + p.what());
            }
        }
        List<String> sorted = new ArrayList<>(errors);
        Collections.sort(sorted);
        return new CheckReport(List.copyOf(sorted), List.copyOf(notes), snapshotCount, trees.size(), packSizes.size(), packsRead, bytesRead.get());
    }

    /** Walks the snapshots' trees, one snapshot after the other (a later one finds most of its trees walked already). */
    private void walk(ForkJoinPool pool, List<Root> roots) {
        pool.invoke(ForkJoinTask.adapt(() -> {
            for (Root r : roots) new Walk(r.tree()).invoke();
        }));
    }

    /** A snapshot and its root tree, where walks start. */
    private record Root(SnapshotRef snapshot, Id tree) {}

    /**
     * Reads an index or snapshot file from the repository itself, not from the local cache (which
     * would hide damage to the stored copy), and checks that it is still named by the SHA-256 of
     * its bytes.
     */
    private static void readStored(Storage storage, String name) throws IOException {
        byte[] bytes = storage.get(name);
        String hex = name.substring(name.lastIndexOf('/') + 1);
        if (!Hashes.sha256(bytes).hex().equals(hex)) {
            throw new FormatException(name + ": damaged (its content does not match its name)");
        }
    }

    private void bad(Id pack, String why) {
        badPacks.put(pack, why);
        errors.add("pack " + pack.hex() + " " + why);
    }

    private long readData(Map<Id, Long> packSizes, Map<Id, List<BlobRef>> byPack, AtomicLong bytesRead) throws IOException {
        List<Id> selected = packSizes.keySet().stream().filter(subset::contains).sorted().toList();
        status.accept("reading " + selected.size() + " of " + packSizes.size() + (packSizes.size() == 1 ? " pack" : " packs"));
        Sealing sealing = new Sealing(repo.aead());
        Hashes hashes = new Hashes(repo.masterKey().id());
        // one more thread than cores, so reads overlap with CPU work; each keeps its buffers (grown
        // to the largest blob) for the whole check, so data is verified without garbage
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("check-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Id pack : selected) {
                futures.add(pool.submit(() -> {
                    verifyPack(pack, packSizes.get(pack), byPack.getOrDefault(pack, List.of()), sealing, hashes, bytesRead);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return selected.size();
    }

    /** One check thread's reusable pack window and blob buffers. */
    private record Worker(PackScan scan, Sealing.Buffers buffers) {}

    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(new PackScan(SLICE), new Sealing.Buffers(Integer.MAX_VALUE)));

    /**
     * Reads one pack once, front to back, through a reused window (memory stays at a few MiB per
     * thread whatever the pack size): its magic, header and trailer must authenticate and its
     * blobs must fill the pack exactly (see {@link PackReader}), the header must agree with the
     * index, and every blob the index or the header places in it is opened where they say (as a
     * restore would) and must hash to its id. Every byte of a pack is then authenticated, so its
     * SHA-256 (its name) would find nothing more and is not computed. A damaged blob is
     * remembered, so that only the files using it are named.
     */
    private void verifyPack(Id pack, long size, List<BlobRef> indexed, Sealing sealing, Hashes hashes, AtomicLong bytesRead) {
        String name = ContentStore.packName(pack);
        Storage storage = repo.storage();
        List<BlobRef> header = null;
        try {
            header = PackReader.header(repo.aead(), pack, size, (off, len) -> storage.getRange(name, off, len));
        } catch (FormatException e) {
            errors.add("pack " + pack.hex() + " is damaged: " + e.getMessage());
        } catch (IOException e) {
            bad(pack, "cannot be read: " + e.getMessage());
            return;
        }
        Set<BlobRef> inIndex = new HashSet<>(indexed);
        List<BlobRef> blobs = new ArrayList<>(indexed);
        if (header != null) {
            for (BlobRef r : header) if (!inIndex.contains(r) && index.get(r.type(), r.id()) == null) blobs.add(r);
        }
        blobs.sort(java.util.Comparator.comparingLong(BlobRef::offset));
        Worker w = workers.get();
        PackScan scan = w.scan();
        scan.begin(storage, name, size);
        try {
            for (BlobRef r : blobs) {
                byte[] buf = r.offset() < 0 ? null : scan.at(r.offset(), r.length());
                int at = buf == null ? 0 : scan.index(r.offset());
                if (buf == null && r.offset() >= 0 && r.offset() + r.length() <= size) {
                    buf = storage.getRange(name, r.offset(), r.length()); // overlaps one already passed
                }
                verifyBlob(pack, r, buf, at, sealing, hashes, w.buffers());
            }
            bytesRead.addAndGet(size);
        } catch (IOException e) {
            bad(pack, "cannot be read: " + e.getMessage());
            return;
        }
        if (header == null) return;
        Set<BlobRef> inHeader = new HashSet<>(header);
        for (BlobRef r : indexed) {
            if (!inHeader.contains(r)) errors.add("index entry for blob " + r.id().shortHex() + " in pack " + pack.hex() + " does not match the pack's header");
        }
    }

    /** Verifies one blob held in buf at index off (buf null: it lies beyond the end of the pack). */
    private void verifyBlob(Id pack, BlobRef r, byte[] buf, int off, Sealing sealing, Hashes hashes, Sealing.Buffers buffers) {
        String what = r.type().name().toLowerCase() + " blob " + r.id().shortHex();
        String problem = null;
        if (buf == null) {
            problem = "lies beyond the end of the pack";
        } else {
            try {
                byte[] plain = sealing.open(r, buf, off, buffers);
                if (!hashes.id(plain, 0, r.rawLength()).equals(r.id())) problem = "does not hash to its id";
            } catch (IOException e) {
                problem = "is damaged: " + e.getMessage();
            }
        }
        if (problem == null) return;
        badBlobs.add(new BlobKey(r.type(), r.id()));
        errors.add("pack " + pack.hex() + ": " + what + " " + problem);
    }

    /** A problem below a tree: where, relative to the tree ("/" for the tree itself), and what. */
    private record Problem(byte[] path, String what) {}

    /**
     * Checks one tree, then (in parallel) the subtrees below it, and returns the problems found
     * below it. A tree already walked is not walked again: its problems are remembered, so that
     * every snapshot that reaches a damaged tree or file through it is named, at its own path.
     */
    private final class Walk extends RecursiveTask<List<Problem>> {
        private final Id treeId;

        Walk(Id treeId) {
            this.treeId = treeId;
        }

        @Override
        protected List<Problem> compute() {
            List<Problem> known = trees.get(treeId);
            if (known != null) return known;
            List<Problem> found = new ArrayList<>();
            Map<Walk, byte[]> subtrees = check(treeId, found);
            invokeAll(subtrees.keySet());
            subtrees.forEach((walk, name) -> {
                for (Problem p : walk.join()) found.add(new Problem(under(name, p.path()), p.what()));
            });
            List<Problem> result = found.isEmpty() ? List.of() : List.copyOf(found);
            trees.putIfAbsent(treeId, result);
            return result;
        }
    }

    /** Path rel of a subtree, as seen from the tree holding that subtree under name. */
    private static byte[] under(byte[] name, byte[] rel) {
        byte[] dir = BytePaths.child(BytePaths.ROOT, name);
        if (rel.length == 1) return dir;
        byte[] out = Arrays.copyOf(dir, dir.length + rel.length);
        System.arraycopy(rel, 0, out, dir.length, rel.length);
        return out;
    }

    /** Checks a tree and the chunks of its files, adding what is wrong to found; returns the walks of its subtrees and their names. */
    private Map<Walk, byte[]> check(Id treeId, List<Problem> found) {
        Tree tree;
        BlobRef ref = index.get(BlobType.TREE, treeId);
        String what = "tree " + treeId.shortHex();
        if (ref == null) {
            found.add(new Problem(BytePaths.ROOT, what + " is missing from the index"));
            return Map.of();
        }
        if (badPacks.containsKey(ref.pack())) {
            found.add(new Problem(BytePaths.ROOT, what + " is in damaged pack " + ref.pack().shortHex()));
            return Map.of();
        }
        if (badBlobs.contains(new BlobKey(BlobType.TREE, treeId))) {
            found.add(new Problem(BytePaths.ROOT, what + " is damaged (in pack " + ref.pack().shortHex() + ")"));
            return Map.of();
        }
        try {
            tree = repo.tree(treeId);
        } catch (IOException e) {
            found.add(new Problem(BytePaths.ROOT, what + " cannot be read: " + e.getMessage()));
            return Map.of();
        }
        Map<Walk, byte[]> subtrees = new java.util.IdentityHashMap<>();
        for (Node n : tree.nodes()) {
            byte[] child = BytePaths.child(BytePaths.ROOT, n.name());
            if (n.type() == NodeType.DIR) {
                if (n.subtree() == null) found.add(new Problem(child, "directory without a tree"));
                else subtrees.put(new Walk(n.subtree()), n.name());
            } else if (n.type() == NodeType.FILE) {
                for (Id c : n.content()) {
                    BlobRef r = index.get(BlobType.DATA, c);
                    String why = r == null ? "is missing from the index"
                            : badPacks.containsKey(r.pack()) ? "is in damaged pack " + r.pack().shortHex()
                            : badBlobs.contains(new BlobKey(BlobType.DATA, c)) ? "is damaged (in pack " + r.pack().shortHex() + ")" : null;
                    if (why != null) {
                        found.add(new Problem(child, "chunk " + c.shortHex() + " " + why));
                        break;
                    }
                }
            }
        }
        return subtrees;
    }
}
