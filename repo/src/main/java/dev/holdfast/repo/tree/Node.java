package dev.holdfast.repo.tree;

import dev.holdfast.hash.Id;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a directory tree: its name (any bytes), metadata, and for a file its chunk ids and,
 * when sparse, the data extents they fill; for a directory the id of its subtree.
 *
 * @param mode permission bits (07777)
 * @param inode inode number at backup time, with {@code device}: detects unchanged files and hard links
 * @param content chunk ids of a file's data, in order (the data extents back to back when sparse)
 * @param extents the data regions of a sparse file, or empty when the file is dense
 */
public record Node(NodeType type, byte[] name, int mode, int uid, int gid, String user, String group,
                   long size, long mtimeNs, long atimeNs, long ctimeNs, long inode, long device,
                   long nlink, long rdev, byte[] linkTarget, List<Xattr> xattrs, List<Id> content,
                   List<Extent> extents, Id subtree) {

    /** An extended attribute (any namespace: user.*, security.*, system.posix_acl_*). */
    public record Xattr(byte[] name, byte[] value) {}

    /** A data region of a sparse file. */
    public record Extent(long offset, long length) {}

    /**
     * Whether o is the same entry as this one: every field equal, arrays by content, and a null
     * link target, user or group equal to an empty one. Nodes that are the same encode to the same
     * bytes in a {@link Tree} (records compare arrays by identity, so {@code equals} cannot tell).
     */
    public boolean sameAs(Node o) {
        return this == o || o != null && type == o.type && Arrays.equals(name, o.name) && mode == o.mode && uid == o.uid
                && gid == o.gid && orEmpty(user).equals(orEmpty(o.user)) && orEmpty(group).equals(orEmpty(o.group))
                && size == o.size && mtimeNs == o.mtimeNs && atimeNs == o.atimeNs && ctimeNs == o.ctimeNs
                && inode == o.inode && device == o.device && nlink == o.nlink && rdev == o.rdev
                && Arrays.equals(orEmpty(linkTarget), orEmpty(o.linkTarget)) && sameXattrs(xattrs, o.xattrs)
                && content.equals(o.content) && extents.equals(o.extents) && Objects.equals(subtree, o.subtree);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private static boolean sameXattrs(List<Xattr> a, List<Xattr> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).name(), b.get(i).name()) || !Arrays.equals(a.get(i).value(), b.get(i).value())) return false;
        }
        return true;
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    public Node withSubtree(Id id) {
        return new Node(type, name, mode, uid, gid, user, group, size, mtimeNs, atimeNs, ctimeNs, inode,
                device, nlink, rdev, linkTarget, xattrs, content, extents, id);
    }

    public Node withContent(long newSize, List<Id> chunks, List<Extent> newExtents) {
        return new Node(type, name, mode, uid, gid, user, group, newSize, mtimeNs, atimeNs, ctimeNs, inode,
                device, nlink, rdev, linkTarget, xattrs, chunks, newExtents, subtree);
    }

    public Node withName(byte[] newName) {
        return new Node(type, newName, mode, uid, gid, user, group, size, mtimeNs, atimeNs, ctimeNs, inode,
                device, nlink, rdev, linkTarget, xattrs, content, extents, subtree);
    }
}
