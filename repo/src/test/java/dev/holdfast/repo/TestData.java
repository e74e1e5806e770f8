package dev.holdfast.repo;

import dev.holdfast.hash.Id;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Fixed keys, seeded data and hex helpers shared by the repo tests. */
public final class TestData {
    public static final HexFormat HEX = HexFormat.of();
    /** The encryption key of the known-answer vectors: bytes 00 01 .. 1f. */
    public static final byte[] KEY = seq(0x00, 32);
    /** The id key of the known-answer vectors: bytes 20 21 .. 3f. */
    public static final byte[] ID_KEY = seq(0x20, 32);

    private TestData() {}

    public static byte[] seq(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
        return b;
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** An id whose 32 bytes are all b. */
    public static Id id(int b) {
        byte[] a = new byte[Id.SIZE];
        Arrays.fill(a, (byte) b);
        return Id.of(a);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** A copy with bit 0 of byte i flipped. */
    public static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    /** Text that compresses well. */
    public static byte[] text(int n, String line) {
        byte[] l = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = l[i % l.length];
        return b;
    }
}
