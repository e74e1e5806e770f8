package dev.holdfast.engine.backup;

import dev.holdfast.engine.source.SourceFs;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns a file's lstat result, link target and extended attributes into a tree node. */
final class NodeReader {
    private final SourceFs fs;

    NodeReader(SourceFs fs) {
        this.fs = fs;
    }

    static NodeType typeOf(Stat st) {
        return switch (st.type()) {
            case Stat.S_IFREG -> NodeType.FILE;
            case Stat.S_IFDIR -> NodeType.DIR;
            case Stat.S_IFLNK -> NodeType.SYMLINK;
            case Stat.S_IFIFO -> NodeType.FIFO;
            case Stat.S_IFCHR -> NodeType.CHARDEV;
            case Stat.S_IFBLK -> NodeType.BLOCKDEV;
            default -> NodeType.SOCKET;
        };
    }

    /** The node without content; extended attributes that cannot be read are reported to warn. */
    Node read(byte[] path, byte[] name, Stat st, List<String> warn) throws IOException {
        NodeType type = typeOf(st);
        byte[] link = type == NodeType.SYMLINK ? fs.readlink(path) : null;
        List<Node.Xattr> xattrs = new ArrayList<>();
        try {
            for (byte[][] x : fs.xattrs(path)) xattrs.add(new Node.Xattr(x[0], x[1]));
        } catch (IOException e) {
            warn.add(e.getMessage());
        }
        xattrs.sort((a, b) -> java.util.Arrays.compareUnsigned(a.name(), b.name()));
        long size = type == NodeType.FILE ? st.size() : 0;
        long rdev = type == NodeType.CHARDEV || type == NodeType.BLOCKDEV ? st.rdev() : 0;
        return new Node(type, name, st.permissions(), st.uid(), st.gid(), fs.userName(st.uid()), fs.groupName(st.gid()),
                size, st.mtimeNs(), st.atimeNs(), st.ctimeNs(), st.ino(), st.dev(), st.nlink(), rdev, link,
                xattrs, List.of(), List.of(), null);
    }
}
