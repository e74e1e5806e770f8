package dev.holdfast.hash;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte identifier (a chunk id, a tree id, a pack or file name), compared by value. */
public final class Id implements Comparable<Id> {
    public static final int SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;
    private final int hash;

    private Id(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Wraps a copy of b[off, off+32); @throws IndexOutOfBoundsException when b has fewer bytes there. */
    public static Id of(byte[] b, int off) {
        java.util.Objects.checkFromIndexSize(off, SIZE, b.length);
        return new Id(Arrays.copyOfRange(b, off, off + SIZE));
    }

    public static Id of(byte[] b) {
        if (b.length != SIZE) throw new IllegalArgumentException("an id has 32 bytes, not " + b.length);
        return new Id(b.clone());
    }

    /** Parses 64 lower- or upper-case hex digits. */
    public static Id parse(String hex) {
        if (hex.length() != SIZE * 2) throw new IllegalArgumentException("an id has 64 hex digits: " + hex);
        return new Id(HEX.parseHex(hex));
    }

    /** True when s is 64 ASCII hex digits, that is when {@link #parse} accepts it. */
    public static boolean isHex(String s) {
        return s.length() == SIZE * 2 && s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    public byte[] bytes() { return bytes.clone(); }

    public void copyTo(byte[] dst, int off) { System.arraycopy(bytes, 0, dst, off, SIZE); }

    public byte get(int i) { return bytes[i]; }

    public String hex() { return HEX.formatHex(bytes); }

    public String shortHex() { return hex().substring(0, 8); }

    @Override public boolean equals(Object o) { return o instanceof Id other && Arrays.equals(bytes, other.bytes); }

    @Override public int hashCode() { return hash; }

    @Override public int compareTo(Id o) { return Arrays.compareUnsigned(bytes, o.bytes); }

    @Override public String toString() { return hex(); }
}
