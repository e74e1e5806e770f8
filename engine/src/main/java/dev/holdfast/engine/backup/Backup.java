package dev.holdfast.engine.backup;

import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.engine.source.SourceFs;
import dev.holdfast.hash.Id;
import dev.holdfast.posix.Errno;
import dev.holdfast.posix.PosixException;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.time.Clock;
import dev.holdfast.repo.gc.BackupSession;
import dev.holdfast.repo.gc.DeletionMarker;
import dev.holdfast.repo.gc.Owner;
import dev.holdfast.repo.gc.Sessions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * One backup run. Directories are scanned on a small pool; files are read, chunked and stored on
 * a larger pool (many parallel reads keep a cold disk busy); a directory's tree is stored when its
 * last child is done. At most {@link #FILES_IN_FLIGHT} files wait or run at once, so memory stays
 * bounded. A file whose path, inode, size, mtime and ctime match the parent snapshot is not read.
 * Write order: packs, then index ({@link ContentStore#flush()}), then the snapshot.
 */
public final class Backup {
    static final int FILES_IN_FLIGHT = 4096;
    private final Repository repo;
    private final BackupOptions options;
    private final SourceFs fs;
    private final BackupProgress progress;
    private final NodeReader nodes;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore fileSlots = new Semaphore(FILES_IN_FLIGHT);
    private ExecutorService dirPool;
    private ExecutorService filePool;
    private ContentStore store;
    private FileSaver saver;
    private Compressor treeCompressor;

    public Backup(Repository repo, BackupOptions options, SourceFs fs, BackupProgress progress) {
        this.repo = repo;
        this.options = options;
        this.fs = fs;
        this.progress = progress;
        this.nodes = new NodeReader(fs);
    }

    public BackupResult run() throws IOException {
        List<byte[]> sources = new ArrayList<>();
        for (String p : options.paths()) {
            byte[] abs = BytePaths.normalize(p, options.cwd());
            try {
                fs.lstat(abs);
            } catch (IOException e) {
                throw new SourceNotFoundException("source path " + p + " does not exist or cannot be read: " + e.getMessage());
            }
            sources.add(abs);
        }
        List<String> paths = sources.stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().distinct().toList();
        // announced before the index is read: a prune either sees this session or this backup sees its marker
        try (BackupSession session = BackupSession.start(repo.storage(), repo.aead(), Owner.current(options.host()), Clock.systemUTC())) {
            BackupResult result = run(paths, sources, session);
            session.finish();
            return result;
        }
    }

    private BackupResult run(List<String> paths, List<byte[]> sources, BackupSession session) throws IOException {
        SnapshotRef parent = findParent(paths);
        store = repo.content();
        int level = options.compressionLevel() >= 0 ? options.compressionLevel() : repo.config().compressionLevel();
        Compressor compressor = new Compressor(level);
        treeCompressor = new Compressor(Math.max(level, 3));
        int cores = Runtime.getRuntime().availableProcessors();
        saver = new FileSaver(store, new FastCdc(repo.config().chunkerParams(), repo.config().chunkerSecretBytes()),
                compressor, progress, cores + 1);
        dirPool = Executors.newFixedThreadPool(Math.max(2, options.readers() / 2), Thread.ofPlatform().daemon().name("scan-", 0).factory());
        filePool = Executors.newFixedThreadPool(options.readers(), Thread.ofPlatform().daemon().name("read-", 0).factory());
        try {
            Previous parentRoot = parent == null ? null : previous(Id.parse(parent.snapshot().tree()));
            Id root = rootTree(SourceRoots.of(sources), parentRoot).join();
            if (options.keepDeleted() && parentRoot != null) {
                store.flush(); // the new trees are read back by the merge
                root = new DeletedEntries(repo, options.excludes(), treeCompressor).keep(root, Id.parse(parent.snapshot().tree()));
            }
            store.flush();
            if (session.pausedTooLong()) checkNothingDeletedMeanwhile();
            Snapshot s = new Snapshot(1, options.time().toString(), options.host(), options.user(), 0, 0, paths,
                    options.tags().stream().sorted().distinct().toList(), root.hex(), parent == null ? null : parent.id(),
                    "holdfast", summary());
            return new BackupResult(repo.saveSnapshot(s), List.copyOf(errors), List.copyOf(warnings));
        } catch (CompletionException e) {
            throw dev.holdfast.engine.Failures.unwrap(e);
        } finally {
            dirPool.shutdownNow();
            filePool.shutdownNow();
        }
    }

    /**
     * After a pause longer than the session timeout a prune on another host may have taken this
     * backup for dead and deleted packs it deduplicated against; then the snapshot is not written.
     */
    private void checkNothingDeletedMeanwhile() throws IOException {
        Set<String> seen = new HashSet<>();
        repo.markers().forEach(m -> seen.add(m.id()));
        Set<Id> doomed = DeletionMarker.doomedPacks(repo.markers());
        boolean newMarker = DeletionMarker.list(repo.storage(), repo.aead()).stream().anyMatch(m -> !seen.contains(m.id()));
        Set<String> present = new HashSet<>();
        for (var b : repo.storage().list("data/")) present.add(b.name());
        boolean missing = store.index().packs().stream().anyMatch(p -> !doomed.contains(p) && !present.contains(ContentStore.packName(p)));
        if (newMarker || missing) {
            throw new IOException("this backup was paused for longer than " + Sessions.STALE_AFTER.toMinutes()
                    + " minutes while a prune ran, so data it relies on may be gone; no snapshot was written: run the backup again");
        }
    }

    private Snapshot.Summary summary() {
        BackupProgress p = progress;
        return new Snapshot.Summary(p.filesNew.get(), p.filesChanged.get(), p.filesUnchanged.get(), p.dirs.get(),
                p.bytesRead.get(), p.bytesAdded.get(), p.blobsAdded.get(), errors.size(), p.filesDone.get(),
                p.bytesFound.get(), Math.round(p.seconds() * 1000) / 1000.0);
    }

    /** The latest snapshot of the same host and the same set of paths. */
    private SnapshotRef findParent(List<String> paths) throws IOException {
        SnapshotRef best = null;
        for (SnapshotRef r : repo.snapshots()) {
            if (Objects.equals(r.snapshot().host(), options.host()) && r.snapshot().paths().equals(paths)) best = r;
        }
        return best;
    }

    /** A directory's tree in the parent snapshot, and its id. */
    private record Previous(Id id, Tree tree) {
        Node find(byte[] name) {
            return tree.find(name);
        }
    }

    /** The parent snapshot's tree with this id, or null (with a warning) when it cannot be read. */
    private Previous previous(Id id) {
        try {
            return new Previous(id, repo.tree(id));
        } catch (IOException e) {
            warnings.add("parent tree " + id.shortHex() + " unreadable, files below it are read again: " + e.getMessage());
            return null;
        }
    }

    private Previous previousDir(Node old) {
        return old != null && old.type() == NodeType.DIR && old.subtree() != null ? previous(old.subtree()) : null;
    }

    private CompletableFuture<Id> rootTree(SourceRoots root, Previous parentRoot) {
        if (root.isSource) {
            return scan(BytePaths.ROOT, statOrNull(BytePaths.ROOT), parentRoot, rootDevice(BytePaths.ROOT));
        }
        return saveChildren(inner(root, parentRoot), parentRoot);
    }

    /** Nodes for the children of an inner node: sources themselves, or directories above them. */
    private List<CompletableFuture<Node>> inner(SourceRoots n, Previous parent) {
        List<CompletableFuture<Node>> out = new ArrayList<>();
        for (Map.Entry<byte[], SourceRoots> e : n.children.entrySet()) {
            SourceRoots c = e.getValue();
            Node old = parent == null ? null : parent.find(e.getKey());
            Stat st = statOrNull(c.path);
            if (st == null) continue;
            if (c.isSource) {
                out.add(entry(c.path, e.getKey(), st, old, st.dev()));
            } else {
                Previous oldDir = previousDir(old);
                Node meta = nodeOrNull(c.path, e.getKey(), st);
                if (meta == null) continue;
                out.add(saveChildren(inner(c, oldDir), oldDir).thenApply(meta::withSubtree));
            }
        }
        return out;
    }

    private long rootDevice(byte[] path) {
        Stat st = statOrNull(path);
        return st == null ? 0 : st.dev();
    }

    private CompletableFuture<Node> entry(byte[] path, byte[] name, Stat st, Node old, long device) {
        if (st.isDirectory()) {
            Node meta = nodeOrNull(path, name, st);
            if (meta == null) return CompletableFuture.completedFuture(null);
            progress.dirs.incrementAndGet();
            Previous oldDir = previousDir(old);
            if (options.oneFileSystem() && st.dev() != device) {
                return saveChildren(List.of(), null).thenApply(meta::withSubtree);
            }
            return CompletableFuture.supplyAsync(() -> scan(path, st, oldDir, device), dirPool)
                    .thenCompose(f -> f).thenApply(meta::withSubtree);
        }
        if (st.isRegular()) return file(path, name, st, old);
        return CompletableFuture.completedFuture(nodeOrNull(path, name, st));
    }

    /** Lists a directory and starts its children; completes with the id of its stored tree. */
    private CompletableFuture<Id> scan(byte[] dir, Stat st, Previous old, long device) {
        List<byte[]> names;
        try {
            names = new ArrayList<>(fs.listDir(dir));
        } catch (IOException e) {
            error(dir, e);
            return saveChildren(List.of(), null);
        }
        names.sort(Tree.NAME_ORDER);
        List<CompletableFuture<Node>> children = new ArrayList<>(names.size());
        for (byte[] name : names) {
            byte[] path = BytePaths.child(dir, name);
            if (options.excludes().excluded(path)) continue;
            Stat cst = statOrNull(path);
            if (cst == null) continue;
            children.add(entry(path, name, cst, old == null ? null : old.find(name), device));
        }
        return saveChildren(children, old);
    }

    /**
     * Stores the tree of children once they are done. When they are the nodes of the directory's
     * tree in the parent snapshot, and that tree is still indexed, its id is taken as it is: the
     * tree would encode to the same bytes, so it is neither encoded nor hashed again.
     */
    private CompletableFuture<Id> saveChildren(List<CompletableFuture<Node>> children, Previous old) {
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Node> list = new ArrayList<>(children.size());
            for (CompletableFuture<Node> c : children) {
                Node n = c.join();
                if (n != null) list.add(n);
            }
            if (old != null && old.tree().sameNodes(list) && store.contains(BlobType.TREE, old.id())) return old.id();
            try {
                return repo.saveTree(new Tree(list), treeCompressor, added -> {
                    if (added > 0) {
                        progress.bytesAdded.addAndGet(added);
                        progress.blobsAdded.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private CompletableFuture<Node> file(byte[] path, byte[] name, Stat st, Node old) {
        progress.filesFound.incrementAndGet();
        progress.bytesFound.addAndGet(st.size());
        if (unchanged(old, st)) {
            progress.filesUnchanged.incrementAndGet();
            progress.filesDone.incrementAndGet();
            progress.bytesDone.addAndGet(st.size());
            return CompletableFuture.completedFuture(old);
        }
        try {
            fileSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new InterruptedIOException("interrupted"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readFile(path, name, old);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                fileSlots.release();
            }
        }, filePool);
    }

    private boolean unchanged(Node old, Stat st) {
        if (old == null || old.type() != NodeType.FILE || old.inode() != st.ino() || old.size() != st.size()
                || old.mtimeNs() != st.mtimeNs() || old.ctimeNs() != st.ctimeNs()) {
            return false;
        }
        for (Id chunk : old.content()) if (!store.contains(BlobType.DATA, chunk)) return false;
        return true;
    }

    /** Reads and stores one file; source problems are recorded and give null, repository failures throw. */
    private Node readFile(byte[] path, byte[] name, Node old) throws IOException {
        progress.currentFile.set(BytePaths.display(path));
        FileSaver.Saved saved;
        Node meta;
        try (SourceFs.OpenFile f = fs.open(path)) {
            Stat st = f.stat();
            if (!st.isRegular()) {
                error(path, new IOException("replaced by a non-regular file during the backup"));
                return null;
            }
            meta = nodes.read(path, name, st, warnings);
            saved = saver.save(f, st);
        } catch (PosixException | SourceReadException e) {
            error(path, e);
            return null;
        }
        if (saved.changed()) warnings.add(BytePaths.display(path) + ": changed while being read; the snapshot holds what was read");
        (old == null ? progress.filesNew : progress.filesChanged).incrementAndGet();
        progress.filesDone.incrementAndGet();
        return meta.withContent(saved.size(), saved.chunks(), saved.extents());
    }

    private Stat statOrNull(byte[] path) {
        try {
            return fs.lstat(path);
        } catch (IOException e) {
            error(path, e);
            return null;
        }
    }

    private Node nodeOrNull(byte[] path, byte[] name, Stat st) {
        try {
            return nodes.read(path, name, st, warnings);
        } catch (IOException e) {
            error(path, e);
            return null;
        }
    }

    private void error(byte[] path, IOException e) {
        boolean vanished = e instanceof PosixException pe && pe.errno() == Errno.ENOENT;
        errors.add(BytePaths.display(path) + ": " + (vanished ? "vanished during the backup" : e.getMessage()));
        progress.errors.incrementAndGet();
    }
}
