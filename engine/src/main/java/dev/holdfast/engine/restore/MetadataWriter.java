package dev.holdfast.engine.restore;

import dev.holdfast.posix.Errno;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import java.util.List;

/**
 * Applies a node's metadata to a restored file, in the order that keeps it: extended attributes
 * (including POSIX ACLs), owner (as root only; chown clears set-id bits), mode, then times.
 */
final class MetadataWriter {
    private final boolean root = Posix.geteuid() == 0;

    void apply(byte[] path, Node n, List<String> errors, String shown) {
        setXattrs(path, n, errors, shown);
        try {
            if (root) Posix.lchown(path, n.uid(), n.gid());
            if (n.type() != NodeType.SYMLINK) Posix.chmod(path, n.mode());
            Posix.utimens(path, n.atimeNs(), n.mtimeNs());
        } catch (PosixException e) {
            errors.add(shown + ": " + e.getMessage());
        }
    }

    /** The same for a regular file still open for writing: no path lookups but for xattrs. */
    void apply(int fd, byte[] path, Node n, List<String> errors, String shown) {
        setXattrs(path, n, errors, shown);
        try {
            if (root) Posix.fchown(fd, n.uid(), n.gid(), path);
            Posix.fchmod(fd, n.mode(), path);
            Posix.futimens(fd, n.atimeNs(), n.mtimeNs(), path);
        } catch (PosixException e) {
            errors.add(shown + ": " + e.getMessage());
        }
    }

    private static void setXattrs(byte[] path, Node n, List<String> errors, String shown) {
        for (Node.Xattr x : n.xattrs()) {
            try {
                Posix.setXattr(path, x.name(), x.value());
            } catch (PosixException e) {
                if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EPERM) errors.add(shown + ": " + e.getMessage());
            }
        }
    }
}
