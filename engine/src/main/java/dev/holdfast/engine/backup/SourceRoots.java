package dev.holdfast.engine.backup;

import dev.holdfast.engine.BytePaths;
import dev.holdfast.repo.tree.Tree;
import java.util.List;
import java.util.TreeMap;

/**
 * The source paths of one backup arranged as a tree from "/": each backed-up path is a leaf,
 * each directory above one an inner node. A path inside another given path is covered by it.
 */
final class SourceRoots {
    final byte[] path;
    final TreeMap<byte[], SourceRoots> children = new TreeMap<>(Tree.NAME_ORDER);
    boolean isSource;

    private SourceRoots(byte[] path) {
        this.path = path;
    }

    static SourceRoots of(List<byte[]> sources) {
        SourceRoots root = new SourceRoots(BytePaths.ROOT);
        for (byte[] s : sources) {
            SourceRoots n = root;
            for (byte[] name : BytePaths.components(s)) {
                if (n.isSource) break;
                SourceRoots parent = n;
                n = n.children.computeIfAbsent(name, k -> new SourceRoots(BytePaths.child(parent.path, k)));
            }
            n.isSource = true;
            n.children.clear();
        }
        return root;
    }
}
