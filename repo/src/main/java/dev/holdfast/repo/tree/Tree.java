package dev.holdfast.repo.tree;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteReader;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.FormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A directory's entries sorted by name (unsigned bytes) and their binary encoding (see
 * docs/repository-format.md, "Trees"). A tree is stored as a TREE blob whose id is the keyed hash
 * of this encoding, so identical directories are stored once.
 */
public record Tree(List<Node> nodes) {
    public static final Comparator<byte[]> NAME_ORDER = Arrays::compareUnsigned;

    public Tree {
        nodes = nodes.stream().sorted(Comparator.comparing(Node::name, NAME_ORDER)).toList();
        for (int i = 1; i < nodes.size(); i++) {
            if (Arrays.equals(nodes.get(i - 1).name(), nodes.get(i).name())) {
                throw new IllegalArgumentException("duplicate name in tree: " + nodes.get(i).nameString());
            }
        }
    }

    /** Whether nodes, in this order, are this tree's nodes ({@link Node#sameAs}): the tree they make encodes the same. */
    public boolean sameNodes(List<Node> others) {
        if (others.size() != nodes.size()) return false;
        for (int i = 0; i < nodes.size(); i++) if (!nodes.get(i).sameAs(others.get(i))) return false;
        return true;
    }

    /** The node with this name, or null. */
    public Node find(byte[] name) {
        int lo = 0, hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = NAME_ORDER.compare(nodes.get(mid).name(), name);
            if (c == 0) return nodes.get(mid);
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(64 + nodes.size() * 96).u8(1).uvarint(nodes.size());
        for (Node n : nodes) {
            w.u8(n.type().code()).bytes(n.name()).uvarint(n.mode()).uvarint(n.uid() & 0xFFFFFFFFL).uvarint(n.gid() & 0xFFFFFFFFL)
                    .string(n.user()).string(n.group()).uvarint(n.size())
                    .svarint(n.mtimeNs()).svarint(n.atimeNs()).svarint(n.ctimeNs())
                    .uvarint(n.inode()).uvarint(n.device()).uvarint(n.nlink()).uvarint(n.rdev())
                    .bytes(n.linkTarget() == null ? new byte[0] : n.linkTarget());
            w.uvarint(n.xattrs().size());
            for (Node.Xattr x : n.xattrs()) w.bytes(x.name()).bytes(x.value());
            w.uvarint(n.content().size());
            n.content().forEach(w::id);
            w.uvarint(n.extents().size());
            for (Node.Extent e : n.extents()) w.uvarint(e.offset()).uvarint(e.length());
            if (n.subtree() == null) w.u8(0);
            else w.u8(1).id(n.subtree());
        }
        return w.toByteArray();
    }

    public static Tree decode(byte[] b, String what) throws FormatException {
        ByteReader r = new ByteReader(b, what);
        if (r.u8() != 1) throw new FormatException(what + ": unsupported tree version");
        int count = r.count(b.length);
        List<Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NodeType type;
            try {
                type = NodeType.of(r.u8());
            } catch (IllegalArgumentException e) {
                throw new FormatException(what + ": " + e.getMessage());
            }
            byte[] name = r.bytes();
            int mode = (int) r.uvarint(), uid = (int) r.uvarint(), gid = (int) r.uvarint();
            String user = r.string(), group = r.string();
            long size = r.uvarint(), mtime = r.svarint(), atime = r.svarint(), ctime = r.svarint();
            long inode = r.uvarint(), device = r.uvarint(), nlink = r.uvarint(), rdev = r.uvarint();
            byte[] link = r.bytes();
            int nx = r.count(b.length);
            List<Node.Xattr> xattrs = new ArrayList<>(nx);
            for (int j = 0; j < nx; j++) xattrs.add(new Node.Xattr(r.bytes(), r.bytes()));
            int nc = r.count(b.length / Id.SIZE);
            List<Id> content = new ArrayList<>(nc);
            for (int j = 0; j < nc; j++) content.add(r.id());
            int ne = r.count(b.length);
            List<Node.Extent> extents = new ArrayList<>(ne);
            for (int j = 0; j < ne; j++) extents.add(new Node.Extent(r.uvarint(), r.uvarint()));
            Id subtree = r.u8() == 1 ? r.id() : null;
            nodes.add(new Node(type, name, mode, uid, gid, user, group, size, mtime, atime, ctime, inode, device,
                    nlink, rdev, link, xattrs, content, extents, subtree));
        }
        r.expectEnd();
        try {
            return new Tree(nodes);
        } catch (IllegalArgumentException e) {
            throw new FormatException(what + ": " + e.getMessage());
        }
    }
}
