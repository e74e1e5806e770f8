package dev.holdfast.engine.restore;

import dev.holdfast.engine.BytePaths;
import dev.holdfast.engine.snapshots.NotFoundException;
import dev.holdfast.hash.Id;
import dev.holdfast.posix.Errno;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a snapshot (or a path inside it) under a target directory. The tree is walked in order;
 * directories, links and special files are made at once, file contents are planned pack by pack
 * and written by a pool of threads ({@link PackRestorer}), hard links are made once their first
 * file exists, and directory metadata is applied last, deepest first. Names are checked so nothing
 * is ever written outside the target: a name that is empty, ".", "..", or contains '/' is refused,
 * existing symlinks in the way are replaced, never followed.
 */
public final class Restore {
    private final Repository repo;
    private final SnapshotRef snapshot;
    private final RestoreOptions options;
    private final MetadataWriter metadata = new MetadataWriter();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes;
    private final AtomicLong files = new AtomicLong();
    private long dirCount, others;
    private final Map<String, byte[]> hardLinks = new HashMap<>();
    private final List<byte[][]> pendingLinks = new ArrayList<>();
    private final List<Object[]> dirs = new ArrayList<>();
    private ExecutorService pool;
    private PackRestorer restorer;

    public Restore(Repository repo, SnapshotRef snapshot, RestoreOptions options, AtomicLong bytesProgress) {
        this.repo = repo;
        this.snapshot = snapshot;
        this.options = options;
        this.bytes = bytesProgress;
    }

    public RestoreResult run() throws IOException {
        ContentStore store = repo.content();
        Tree tree = repo.tree(Id.parse(snapshot.snapshot().tree()));
        byte[] snapPath = BytePaths.ROOT;
        List<byte[]> parts = BytePaths.components(BytePaths.normalize(options.subpath(), "/"));
        Node start = null;
        for (int i = 0; i < parts.size(); i++) {
            start = tree == null ? null : tree.find(parts.get(i));
            if (start == null) throw new NotFoundException("path " + options.subpath() + " is not in snapshot " + snapshot.shortId());
            snapPath = BytePaths.child(snapPath, parts.get(i));
            tree = start.type() == NodeType.DIR ? repo.tree(start.subtree()) : null;
        }
        createTarget();
        pool = Executors.newFixedThreadPool(options.threads(), Thread.ofPlatform().daemon().name("restore-", 0).factory());
        restorer = new PackRestorer(store, pool, metadata, errors, bytes, files);
        try {
            if (tree != null) {
                restoreTree(tree, snapPath, options.target(), options.filter().hasIncludes() && !options.filter().included(snapPath));
            } else {
                restoreNode(start, snapPath, BytePaths.child(options.target(), start.name()), false);
            }
            restorer.flush();
            pool.shutdown();
            if (!pool.awaitTermination(365, TimeUnit.DAYS)) throw new IOException("restore did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } finally {
            pool.shutdownNow();
        }
        for (byte[][] l : pendingLinks) link(l[0], l[1]);
        for (int i = dirs.size() - 1; i >= 0; i--) {
            byte[] out = (byte[]) dirs.get(i)[0];
            if (isDirectory(out)) metadata.apply(out, (Node) dirs.get(i)[1], errors, BytePaths.display(out));
        }
        return new RestoreResult(files.get(), dirCount, others, bytes.get(), List.copyOf(errors));
    }

    /** Creates the target directory and its parents; a file in the way is named in the error. */
    private void createTarget() throws IOException {
        java.nio.file.Path t = java.nio.file.Path.of(new String(options.target(), java.nio.charset.StandardCharsets.UTF_8));
        try {
            java.nio.file.Files.createDirectories(t);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException("restore target " + t + " exists and is not a directory", e);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot create restore target " + t + ": " + (e.getReason() != null ? e.getReason() : e.getMessage()), e);
        }
    }

    /** Restores a directory's entries; with includes, those not yet included are only walked. */
    private void restoreTree(Tree tree, byte[] snapDir, byte[] outDir, boolean needInclude) throws IOException {
        for (Node n : tree.nodes()) {
            if (!BytePaths.isSafeName(n.name())) {
                errors.add(BytePaths.display(snapDir) + ": refusing unsafe name \"" + BytePaths.display(n.name()) + "\" in the snapshot");
                continue;
            }
            byte[] snapPath = BytePaths.child(snapDir, n.name());
            if (options.filter().excluded(snapPath)) continue;
            boolean pending = needInclude && !options.filter().included(snapPath);
            restoreNode(n, snapPath, BytePaths.child(outDir, n.name()), pending);
        }
    }

    private void restoreNode(Node n, byte[] snapPath, byte[] out, boolean needInclude) throws IOException {
        if (n.type() == NodeType.DIR) {
            Tree sub;
            try {
                sub = repo.tree(n.subtree());
            } catch (IOException e) {
                errors.add(BytePaths.display(out) + ": directory contents cannot be restored: " + e.getMessage());
                sub = new Tree(List.of());
            }
            if (!needInclude) {
                try {
                    if (options.filter().hasIncludes()) ensureDirs(out);
                    else prepareDir(out);
                } catch (PosixException e) {
                    errors.add(BytePaths.display(out) + ": " + e.getMessage() + "; nothing in it was restored");
                    return;
                }
                dirCount++;
            }
            dirs.add(new Object[] {out, n});
            restoreTree(sub, snapPath, out, needInclude);
            return;
        }
        if (needInclude) return;
        String shown = BytePaths.display(out);
        try {
            if (options.filter().hasIncludes()) ensureDirs(parentOf(out));
            if (n.type() != NodeType.FILE) clear(out);
            switch (n.type()) {
                case FILE -> file(n, out, shown);
                case SYMLINK -> {
                    Posix.symlink(n.linkTarget(), out);
                    metadata.apply(out, n, errors, shown);
                    others++;
                }
                default -> {
                    Posix.mknod(out, modeBits(n.type()) | n.mode(), n.rdev());
                    metadata.apply(out, n, errors, shown);
                    others++;
                }
            }
        } catch (PosixException e) {
            errors.add(shown + ": " + e.getMessage());
        }
    }

    private void file(Node n, byte[] out, String shown) throws IOException {
        if (n.nlink() > 1) {
            String key = n.device() + ":" + n.inode();
            byte[] first = hardLinks.putIfAbsent(key, out);
            if (first != null) {
                pendingLinks.add(new byte[][] {first, out});
                return;
            }
        }
        restorer.add(out, shown, n);
    }

    private void link(byte[] first, byte[] out) {
        try {
            clear(out);
            Posix.link(first, out);
            files.incrementAndGet();
        } catch (IOException e) {
            errors.add(BytePaths.display(out) + ": hard link to " + BytePaths.display(first) + ": " + e.getMessage());
        }
    }

    /** Creates a new file, first removing whatever non-directory is in its place. */
    static int create(byte[] out) throws PosixException {
        try {
            return Posix.createWrite(out, 0600);
        } catch (PosixException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            clear(out);
            return Posix.createWrite(out, 0600);
        }
    }

    private static int modeBits(NodeType t) {
        return switch (t) {
            case FIFO -> Stat.S_IFIFO;
            case CHARDEV -> Stat.S_IFCHR;
            case BLOCKDEV -> Stat.S_IFBLK;
            default -> Stat.S_IFSOCK;
        };
    }

    /** Removes whatever non-directory is in the way (a symlink is removed, never followed). */
    private static void clear(byte[] path) throws PosixException {
        try {
            Stat st = Posix.lstat(path);
            if (st.isDirectory()) Posix.rmdir(path);
            else Posix.unlink(path);
        } catch (PosixException e) {
            if (e.errno() != Errno.ENOENT) throw e;
        }
    }

    /** Makes a directory, replacing a non-directory (such as a planted symlink) in its place. */
    private static void prepareDir(byte[] path) throws PosixException {
        try {
            Posix.mkdir(path, 0700);
        } catch (PosixException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            if (!Posix.lstat(path).isDirectory()) {
                Posix.unlink(path);
                Posix.mkdir(path, 0700);
            }
        }
    }

    /** Makes the directories from the target down to path; the target itself already exists. */
    private void ensureDirs(byte[] path) throws PosixException {
        byte[] target = options.target();
        if (path.length <= target.length) return;
        byte[] p = target;
        for (byte[] c : BytePaths.components(java.util.Arrays.copyOfRange(path, target.length, path.length))) {
            p = BytePaths.child(p, c);
            prepareDir(p);
        }
    }

    private static boolean isDirectory(byte[] path) {
        try {
            return Posix.lstat(path).isDirectory();
        } catch (PosixException e) {
            return false;
        }
    }

    private static byte[] parentOf(byte[] path) {
        int i = path.length - 1;
        while (i > 0 && path[i] != '/') i--;
        return i == 0 ? BytePaths.ROOT : java.util.Arrays.copyOf(path, i);
    }
}
