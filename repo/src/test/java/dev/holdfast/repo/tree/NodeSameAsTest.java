package dev.holdfast.repo.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.hash.Id;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node.sameAs: same content means the same tree encoding, and any field that differs is seen. */
class NodeSameAsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Id id(int n) {
        byte[] x = new byte[32];
        x[0] = (byte) n;
        return Id.of(x);
    }

    private static Node sample() {
        return new Node(NodeType.FILE, b("a.txt"), 0644, 1000, 100, "alice", "users", 5, 11, 12, 13, 14, 15, 1, 0,
                b("target"), List.of(new Node.Xattr(b("user.k"), b("v"))), List.of(id(1), id(2)),
                List.of(new Node.Extent(0, 5)), id(3));
    }

    /** The same node built from fresh arrays and lists: equal content, nothing shared. */
    private static Object[] components(Node n) throws Exception {
        RecordComponent[] rc = Node.class.getRecordComponents();
        Object[] v = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) v[i] = rc[i].getAccessor().invoke(n);
        return v;
    }

    private static Node build(Object[] v) throws Exception {
        Class<?>[] types = Arrays.stream(Node.class.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return Node.class.getDeclaredConstructor(types).newInstance(v);
    }

    private static Object changed(Object v) {
        return switch (v) {
            case NodeType t -> t == NodeType.FILE ? NodeType.DIR : NodeType.FILE;
            case byte[] a -> b(new String(a, StandardCharsets.UTF_8) + "x");
            case Integer i -> i + 1;
            case Long l -> l + 1;
            case String s -> s + "x";
            case Id i -> id(9);
            case List<?> l when l.getFirst() instanceof Node.Xattr -> List.of(new Node.Xattr(b("user.k"), b("w")));
            case List<?> l when l.getFirst() instanceof Id -> List.of(id(1), id(4));
            case List<?> l -> List.of(new Node.Extent(0, 6));
            default -> throw new IllegalArgumentException(v.toString());
        };
    }

    @Test
    void aCopyWithFreshArraysIsTheSameAndEncodesTheSame() throws Exception {
        Node a = sample();
        Object[] v = components(a);
        v[1] = b("a.txt");
        v[15] = b("target");
        v[16] = List.of(new Node.Xattr(b("user.k"), b("v")));
        Node copy = build(v);
        assertThat(a.sameAs(copy)).isTrue();
        assertThat(new Tree(List.of(a)).encode()).isEqualTo(new Tree(List.of(copy)).encode());
        assertThat(new Tree(List.of(a)).sameNodes(List.of(copy))).isTrue();
    }

    @Test
    void everyFieldCounts() throws Exception {
        Node a = sample();
        RecordComponent[] rc = Node.class.getRecordComponents();
        for (int i = 0; i < rc.length; i++) {
            Object[] v = components(a);
            v[i] = changed(v[i]);
            Node other = build(v);
            assertThat(a.sameAs(other)).as(rc[i].getName()).isFalse();
            assertThat(new Tree(List.of(a)).encode()).as(rc[i].getName()).isNotEqualTo(new Tree(List.of(other)).encode());
        }
    }

    @Test
    void nullAndEmptyEncodeAlikeAndAreTheSame() throws Exception {
        Object[] v = components(sample());
        v[5] = null;
        v[6] = null;
        v[15] = null;
        Node withNulls = build(v);
        v[5] = "";
        v[6] = "";
        v[15] = new byte[0];
        Node withEmpty = build(v);
        assertThat(withNulls.sameAs(withEmpty)).isTrue();
        assertThat(new Tree(List.of(withNulls)).encode()).isEqualTo(new Tree(List.of(withEmpty)).encode());
    }

    @Test
    void treesWithOtherNodesOrCountsDiffer() {
        Tree t = new Tree(List.of(sample()));
        assertThat(t.sameNodes(List.of())).isFalse();
        assertThat(t.sameNodes(List.of(sample(), sample().withName(b("b"))))).isFalse();
        assertThat(t.sameNodes(List.of(sample().withName(b("b"))))).isFalse();
    }
}
