package dev.holdfast.repo.pack;

/** What a blob in a pack holds: file content or an encoded directory tree. */
public enum BlobType {
    DATA('D'), TREE('T');

    private final char code;

    BlobType(char code) {
        this.code = code;
    }

    public char code() { return code; }

    public static BlobType of(int code) {
        return switch (code) {
            case 'D' -> DATA;
            case 'T' -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type " + code);
        };
    }
}
