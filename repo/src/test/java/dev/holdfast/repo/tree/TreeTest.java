package dev.holdfast.repo.tree;

import static dev.holdfast.repo.TestData.hex;
import static dev.holdfast.repo.TestData.id;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeTest {
    /**
     * Written by hand (Python) from the format: version 1, two nodes in name order. "a.txt": file,
     * 0644, 1000:1000 alice:staff, 5 bytes, mtime 1700000000.123456789 s, atime -1 ns, ctime
     * 1700000000 s, inode 42, device 2049, 1 link, xattr user.k=v, one chunk c1... "sub": directory,
     * 0755, 0:0 root:root, mtime one day before 1970, inode 43, 2 links, subtree d1...
     */
    static final String KNOWN = "0102"
            + "01" + "05612e747874" + "a403" + "e807" + "e807" + "05616c696365" + "057374616666" + "05"
            + "aab4aed8c7bfce972f" + "01" + "8080d0e2c6bfce972f" + "2a" + "8110" + "01" + "00" + "00"
            + "01" + "06757365722e6b" + "0176" + "01" + "c1".repeat(32) + "00" + "00"
            + "02" + "03737562" + "ed03" + "00" + "00" + "04726f6f74" + "04726f6f74" + "00"
            + "fffff79492a527" + "00" + "00" + "2b" + "8110" + "02" + "00" + "00"
            + "00" + "00" + "00" + "01" + "d1".repeat(32);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Node file(String name) {
        return file(b(name));
    }

    static Node file(byte[] name) {
        return new Node(NodeType.FILE, name, 0644, 1000, 1000, "alice", "staff", 0, 0, 0, 0, 1, 1, 1, 0,
                null, List.of(), List.of(), List.of(), null);
    }

    static Tree known() {
        Node sub = new Node(NodeType.DIR, b("sub"), 0755, 0, 0, "root", "root", 0, -86_400_000_000_000L, 0, 0, 43, 2049, 2, 0,
                null, List.of(), List.of(), List.of(), id(0xd1));
        Node a = new Node(NodeType.FILE, b("a.txt"), 0644, 1000, 1000, "alice", "staff", 5, 1_700_000_000_123_456_789L, -1,
                1_700_000_000_000_000_000L, 42, 2049, 1, 0, new byte[0], List.of(new Node.Xattr(b("user.k"), b("v"))),
                List.of(id(0xc1)), List.of(), null);
        return new Tree(List.of(sub, a));
    }

    /** Compares every field, byte arrays by content (records compare arrays by reference). */
    static void assertSameNode(Node actual, Node expected) {
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(List.of(actual.mode(), actual.uid(), actual.gid())).isEqualTo(List.of(expected.mode(), expected.uid(), expected.gid()));
        assertThat(actual.user()).isEqualTo(expected.user() == null ? "" : expected.user());
        assertThat(actual.group()).isEqualTo(expected.group() == null ? "" : expected.group());
        assertThat(List.of(actual.size(), actual.mtimeNs(), actual.atimeNs(), actual.ctimeNs(), actual.inode(), actual.device(),
                actual.nlink(), actual.rdev())).isEqualTo(List.of(expected.size(), expected.mtimeNs(), expected.atimeNs(),
                expected.ctimeNs(), expected.inode(), expected.device(), expected.nlink(), expected.rdev()));
        assertThat(actual.linkTarget()).isEqualTo(expected.linkTarget() == null ? new byte[0] : expected.linkTarget());
        assertThat(actual.xattrs()).hasSameSizeAs(expected.xattrs());
        for (int i = 0; i < expected.xattrs().size(); i++) {
            assertThat(actual.xattrs().get(i).name()).isEqualTo(expected.xattrs().get(i).name());
            assertThat(actual.xattrs().get(i).value()).isEqualTo(expected.xattrs().get(i).value());
        }
        assertThat(actual.content()).isEqualTo(expected.content());
        assertThat(actual.extents()).isEqualTo(expected.extents());
        assertThat(actual.subtree()).isEqualTo(expected.subtree());
    }

    static void assertSameTree(Tree actual, Tree expected) {
        assertThat(actual.nodes()).hasSameSizeAs(expected.nodes());
        for (int i = 0; i < expected.nodes().size(); i++) assertSameNode(actual.nodes().get(i), expected.nodes().get(i));
    }

    @Test
    void knownEncoding() {
        assertThat(hex(known().encode())).isEqualTo(KNOWN);
    }

    @Test
    void knownDecoding() throws Exception {
        Tree t = Tree.decode(unhex(KNOWN), "tree k");
        assertSameTree(t, known());
        assertThat(t.nodes()).extracting(Node::nameString).containsExactly("a.txt", "sub");
        assertThat(t.nodes().get(1).mtimeNs()).isEqualTo(-86_400_000_000_000L);
    }

    @Test
    void emptyTree() throws Exception {
        Tree t = new Tree(List.of());
        assertThat(hex(t.encode())).isEqualTo("0100");
        assertThat(Tree.decode(unhex("0100"), "t").nodes()).isEmpty();
        assertThat(t.find(b("x"))).isNull();
    }

    @Test
    void everyNodeTypeWithAllItsMetadataRoundTrips() throws Exception {
        List<Node> nodes = new ArrayList<>();
        byte[] invalidUtf8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28};
        nodes.add(new Node(NodeType.FILE, b("sparse.img"), 0100644 & 07777, 1000, 100, "alice", "users", 10L << 30,
                -1_234_567_890_123_456_789L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, -1L, 1, 0, null,
                List.of(new Node.Xattr(b("user.mime_type"), b("application/octet-stream")),
                        new Node.Xattr(b("security.selinux"), b("unconfined_u:object_r:user_home_t:s0\0")),
                        new Node.Xattr(b("system.posix_acl_access"), new byte[] {2, 0, 0, 0, 1, 0, 6, 0, (byte) 0xff, (byte) 0xff}),
                        new Node.Xattr(b("user.empty"), new byte[0])),
                List.of(id(1), id(2), id(3)), List.of(new Node.Extent(0, 4096), new Node.Extent(1L << 33, 1 << 20)), null));
        nodes.add(new Node(NodeType.DIR, b("dir\nwith newline"), 07777, -1, -2, null, null, 0, 0, 0, 0, 7, 8, 3, 0,
                null, List.of(), List.of(), List.of(), id(0xdd)));
        nodes.add(new Node(NodeType.SYMLINK, b("link → ünïcode"), 0777, 0, 0, "root", "root", 14, 1, 2, 3, 9, 8, 1, 0,
                b("../target/\u00e9\n"), List.of(), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.SYMLINK, invalidUtf8, 0777, 0, 0, "", "", 3, 1, 2, 3, 10, 8, 1, 0,
                new byte[] {(byte) 0x80, 0, 1}, List.of(), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.FIFO, b("fifo"), 0600, 5, 5, "u", "g", 0, -1, -1, -1, 11, 8, 1, 0,
                null, List.of(), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.CHARDEV, b("null"), 0666, 0, 0, "root", "root", 0, 1, 1, 1, 12, 5, 1, (1L << 8) | 3,
                null, List.of(), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.BLOCKDEV, b("sda"), 0660, 0, 6, "root", "disk", 0, 1, 1, 1, 13, 5, 1, (8L << 8),
                null, List.of(), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.SOCKET, b("sock"), 0755, 0, 0, "root", "root", 0, 1, 1, 1, 14, 5, 1, 0,
                null, List.of(new Node.Xattr(b("user.a"), b("1"))), List.of(), List.of(), null));
        nodes.add(new Node(NodeType.FILE, new byte[] {0x01, 0x7f}, 0, 0, 0, "", "", 0, 0, 0, 0, 0, 0, 0, 0,
                null, List.of(), List.of(), List.of(), null));
        Tree t = new Tree(nodes);
        byte[] encoded = t.encode();
        Tree back = Tree.decode(encoded, "tree x");
        assertSameTree(back, t);
        assertThat(back.encode()).isEqualTo(encoded);
        assertThat(back.nodes()).extracting(Node::type).containsExactlyInAnyOrder(NodeType.FILE, NodeType.DIR, NodeType.SYMLINK,
                NodeType.SYMLINK, NodeType.FIFO, NodeType.CHARDEV, NodeType.BLOCKDEV, NodeType.SOCKET, NodeType.FILE);
        assertThat(back.nodes()).extracting(Node::type).contains(NodeType.values());
        Node bad = back.find(invalidUtf8);
        assertThat(bad.name()).isEqualTo(invalidUtf8);
        assertThat(bad.linkTarget()).containsExactly(0x80, 0, 1);
        Node dir = back.find(b("dir\nwith newline"));
        assertThat(dir.uid()).isEqualTo(-1);
        assertThat(dir.gid()).isEqualTo(-2);
        assertThat(dir.user()).isEmpty(); // an unknown owner name is stored as empty
    }

    @Test
    void nodeTypeCodes() {
        assertThat(Arrays.stream(NodeType.values()).map(t -> t.name() + "=" + t.code()).toList())
                .containsExactly("FILE=1", "DIR=2", "SYMLINK=3", "FIFO=4", "CHARDEV=5", "BLOCKDEV=6", "SOCKET=7");
        for (NodeType t : NodeType.values()) assertThat(NodeType.of(t.code())).isEqualTo(t);
        assertThatThrownBy(() -> NodeType.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeType.of(8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreSortedAsUnsignedBytes() {
        byte[] high = {(byte) 0xff}, mid = {(byte) 0x80, 0}, upper = b("B"), lower = b("a"), prefix = b("a"), longer = b("ab");
        Tree t = new Tree(List.of(file(high), file(lower), file(mid), file(upper), file(longer)));
        assertThat(t.nodes()).extracting(Node::name).containsExactly(upper, prefix, longer, mid, high);
        // the encoding therefore does not depend on the order nodes were given in
        Tree other = new Tree(List.of(file(longer), file(mid), file(upper), file(high), file(lower)));
        assertThat(other.encode()).isEqualTo(t.encode());
        assertThat(Tree.NAME_ORDER.compare(high, lower)).isPositive();
        assertThat(Tree.NAME_ORDER.compare(lower, longer)).isNegative();
    }

    @Test
    void nodesAreImmutable() {
        Tree t = new Tree(new ArrayList<>(List.of(file("a"))));
        assertThatThrownBy(() -> t.nodes().add(file("b"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void duplicateNamesAreRejectedOnConstruction() {
        assertThatThrownBy(() -> new Tree(List.of(file("x"), file("y"), file("x")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate name in tree: x");
    }

    @Test
    void duplicateNamesAreAFormatExceptionOnDecode() {
        byte[] one = new Tree(List.of(file("x"))).encode();
        byte[] node = Arrays.copyOfRange(one, 2, one.length);
        byte[] twice = new ByteWriter(0).u8(1).uvarint(2).raw(node).raw(node).toByteArray();
        assertThatThrownBy(() -> Tree.decode(twice, "tree abc")).isInstanceOf(FormatException.class)
                .hasMessage("tree abc: duplicate name in tree: x");
    }

    @Test
    void find() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 200; i++) nodes.add(file(new byte[] {(byte) (i * 37), (byte) i}));
        Tree t = new Tree(nodes);
        for (int i = 0; i < 200; i++) {
            byte[] name = {(byte) (i * 37), (byte) i};
            assertThat(t.find(name)).isNotNull();
            assertThat(t.find(name).name()).isEqualTo(name);
        }
        assertThat(t.find(new byte[] {0, 1})).isNull();
        assertThat(t.find(new byte[] {(byte) 0xff, (byte) 0xff, 0})).isNull();
        assertThat(t.find(new byte[0])).isNull();
        assertThat(known().find(b("sub")).subtree()).isEqualTo(id(0xd1));
        assertThat(known().find(b("a.txt")).content()).containsExactly(id(0xc1));
        assertThat(known().find(b("a.tx"))).isNull();
    }

    @Test
    void withersKeepTheOtherFields() {
        Node a = known().find(b("a.txt"));
        assertSameNode(a.withName(b("b.txt")).withName(b("a.txt")), a);
        Node moved = a.withContent(99, List.of(id(5)), List.of(new Node.Extent(0, 99)));
        assertThat(moved.size()).isEqualTo(99);
        assertThat(moved.content()).containsExactly(id(5));
        assertThat(moved.inode()).isEqualTo(42);
        assertThat(a.withSubtree(id(6)).subtree()).isEqualTo(id(6));
        assertThat(a.withSubtree(id(6)).mtimeNs()).isEqualTo(a.mtimeNs());
        assertThat(a.nameString()).isEqualTo("a.txt");
    }

    @Test
    void everyTruncationIsAFormatExceptionNamingTheTree() {
        byte[] b = unhex(KNOWN);
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> Tree.decode(cut, "tree abc")).as("length %d", n)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("tree abc: ");
        }
    }

    @Test
    void otherDamageIsAFormatException() {
        byte[] v2 = unhex(KNOWN);
        v2[0] = 2;
        assertThatThrownBy(() -> Tree.decode(v2, "tree abc")).isInstanceOf(FormatException.class).hasMessage("tree abc: unsupported tree version");
        byte[] type = unhex(KNOWN);
        type[2] = 9;
        assertThatThrownBy(() -> Tree.decode(type, "tree abc")).isInstanceOf(FormatException.class).hasMessage("tree abc: unknown node type 9");
        byte[] trailing = Arrays.copyOf(unhex(KNOWN), unhex(KNOWN).length + 1);
        assertThatThrownBy(() -> Tree.decode(trailing, "tree abc")).isInstanceOf(FormatException.class).hasMessageContaining("trailing");
        byte[] hugeCount = new ByteWriter(0).u8(1).uvarint(1L << 40).toByteArray();
        assertThatThrownBy(() -> Tree.decode(hugeCount, "tree abc")).isInstanceOf(FormatException.class);
        byte[] negativeCount = new ByteWriter(0).u8(1).uvarint(-1L).toByteArray();
        assertThatThrownBy(() -> Tree.decode(negativeCount, "tree abc")).isInstanceOf(FormatException.class);
    }

    @Test
    void hugeInnerCountsAreAFormatException() {
        // a node whose xattr count is 2^63 + 1 (negative as a long) must not reach new ArrayList(-n)
        byte[] one = new Tree(List.of(file("x"))).encode();
        // header(2) type(1) name(2) mode(2) uid(2) gid(2) user(6) group(6) size..rdev(8) link(1) = 32: xattr count at 32
        assertThat(one[32]).isZero();
        ByteWriter w = new ByteWriter(0).raw(one, 0, 32).uvarint(Long.MIN_VALUE + 1).raw(one, 33, one.length - 33);
        assertThatThrownBy(() -> Tree.decode(w.toByteArray(), "tree abc")).isInstanceOf(FormatException.class);
    }
}
