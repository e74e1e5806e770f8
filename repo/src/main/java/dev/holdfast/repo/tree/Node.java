package dev.holdfast.repo.tree;

import dev.holdfast.hash.Id;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
