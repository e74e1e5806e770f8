package dev.holdfast.cli.robust;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.LocalStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Looks inside a repository (without a cache) to find where a snapshot's files and trees are
 * stored, so a test can damage exactly one pack and know which files that affects.
 */
final class RepoProbe implements AutoCloseable {
    private final Repository repo;

    RepoProbe(Path repoDir, String password) throws IOException {
        repo = Repository.open(new LocalStorage(repoDir), password.getBytes(StandardCharsets.UTF_8), null);
    }

    List<SnapshotRef> snapshots() throws IOException {
        return repo.snapshots();
    }

    /**
     * Where one snapshot keeps a source directory: its files' chunks, its directories' trees (by
     * relative path, "" for the source directory itself) and the packs of all trees from the root.
     */
    record Layout(Map<String, List<BlobRef>> files, Map<String, BlobRef> trees, Set<Id> treePacks) {
        /** Relative paths of the files with at least one chunk in pack. */
        Set<String> filesIn(Id pack) {
            Set<String> s = new java.util.TreeSet<>();
            files.forEach((k, v) -> {
                if (v.stream().anyMatch(b -> b.pack().equals(pack))) s.add(k);
            });
            return s;
        }
    }

    /** The layout of source directory src (an absolute path that was backed up) in snapshot s. */
    Layout layout(SnapshotRef s, Path src) throws IOException {
        Set<Id> treePacks = new LinkedHashSet<>();
        Id id = Id.parse(s.snapshot().tree());
        for (Path part : src) {
            treePacks.add(treePack(id));
            Node n = repo.tree(id).find(part.toString().getBytes(StandardCharsets.UTF_8));
            if (n == null || n.type() != NodeType.DIR) throw new IllegalArgumentException(src + " is not a directory in snapshot " + s.shortId());
            id = n.subtree();
        }
        Map<String, List<BlobRef>> files = new TreeMap<>();
        Map<String, BlobRef> trees = new TreeMap<>();
        walk(id, "", files, trees, treePacks);
        return new Layout(files, trees, treePacks);
    }

    private void walk(Id treeId, String dir, Map<String, List<BlobRef>> files, Map<String, BlobRef> trees, Set<Id> treePacks) throws IOException {
        treePacks.add(treePack(treeId));
        trees.put(dir, repo.content().locate(BlobType.TREE, treeId));
        Tree t = repo.tree(treeId);
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (Node n : t.nodes()) {
            String rel = prefix + n.nameString();
            if (n.type() == NodeType.DIR) walk(n.subtree(), rel, files, trees, treePacks);
            else if (n.type() == NodeType.FILE) {
                List<BlobRef> refs = new ArrayList<>();
                for (Id c : n.content()) refs.add(repo.content().locate(BlobType.DATA, c));
                files.put(rel, refs);
            }
        }
    }

    private Id treePack(Id tree) throws IOException {
        return repo.content().locate(BlobType.TREE, tree).pack();
    }

    @Override
    public void close() {
        repo.close();
    }
}
