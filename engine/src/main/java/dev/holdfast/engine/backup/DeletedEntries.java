package dev.holdfast.engine.backup;

import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what was deleted from the source (a policy with {@code purge-deleted = false}): the new
 * snapshot's tree is merged with its parent's. An entry of the parent that the new tree lacks
 * (a file, link or whole directory gone from the source) is carried over as it was last backed up,
 * unless the excludes now match it; where both have a directory of the same name, the merge goes
 * on inside it; where both have an entry of the same name, the source's wins (a file replaced by a
 * directory is a directory). Carried entries stay in every later snapshot, since each is the next
 * one's parent. Only trees that change are stored again.
 */
final class DeletedEntries {
    private final Repository repo;
    private final PathFilter excludes;
    private final Compressor compressor;

    DeletedEntries(Repository repo, PathFilter excludes, Compressor compressor) {
        this.repo = repo;
        this.excludes = excludes;
        this.compressor = compressor;
    }

    /** The id of the root tree with the parent's deleted entries kept. */
    Id keep(Id root, Id parentRoot) throws IOException {
        return merge(root, parentRoot, BytePaths.ROOT);
    }

    private Id merge(Id now, Id before, byte[] path) throws IOException {
        if (now.equals(before)) return now;
        Tree current = repo.tree(now), old = repo.tree(before);
        List<Node> nodes = new ArrayList<>(current.nodes());
        boolean changed = false;
        for (Node was : old.nodes()) {
            byte[] child = BytePaths.child(path, was.name());
            Node is = current.find(was.name());
            if (is == null) {
                if (excludes.excluded(child)) continue;
                nodes.add(was);
                changed = true;
            } else if (is.type() == NodeType.DIR && was.type() == NodeType.DIR && is.subtree() != null && was.subtree() != null) {
                Id merged = merge(is.subtree(), was.subtree(), child);
                if (!merged.equals(is.subtree())) {
                    nodes.set(nodes.indexOf(is), is.withSubtree(merged));
                    changed = true;
                }
            }
        }
        return changed ? repo.saveTree(new Tree(nodes), compressor) : now;
    }
}
