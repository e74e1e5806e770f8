package dev.holdfast.repo.tree;

/** The kind of file a tree node describes, with its code in the tree encoding. */
public enum NodeType {
    FILE(1), DIR(2), SYMLINK(3), FIFO(4), CHARDEV(5), BLOCKDEV(6), SOCKET(7);

    private final int code;

    NodeType(int code) {
        this.code = code;
    }

    public int code() { return code; }

    public static NodeType of(int code) {
        for (NodeType t : values()) if (t.code == code) return t;
        throw new IllegalArgumentException("unknown node type " + code);
    }
}
