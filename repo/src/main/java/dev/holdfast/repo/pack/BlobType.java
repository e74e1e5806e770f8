package dev.holdfast.repo.pack;

/** What a blob in a pack holds: file content or an encoded directory tree. */
public enum BlobType {
    DATA('D'), TREE('T');

    private final char code;

    BlobType(char code) {
        this.code = code;
    }

    public char code() { return code; }

    /** Reads a type byte; an unknown one is a FormatException naming what was being read. */
    public static BlobType read(dev.holdfast.repo.io.ByteReader r, String what) throws dev.holdfast.repo.io.FormatException {
        int code = r.u8();
        try {
            return of(code);
        } catch (IllegalArgumentException e) {
            throw new dev.holdfast.repo.io.FormatException(what + ": " + e.getMessage());
        }
    }

    public static BlobType of(int code) {
        return switch (code) {
            case 'D' -> DATA;
            case 'T' -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type " + code);
        };
    }
}
