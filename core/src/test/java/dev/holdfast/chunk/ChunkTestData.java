package dev.holdfast.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded test inputs and a helper that splits a whole buffer into chunk lengths. */
final class ChunkTestData {
    private ChunkTestData() {}

    /** The test secret: bytes 0, 1, ..., 31. */
    static byte[] secret() {
        return secret(0);
    }

    /** Bytes first, first+1, ..., first+31 (mod 256). */
    static byte[] secret(int first) {
        byte[] s = new byte[GearTable.SECRET_SIZE];
        for (int i = 0; i < s.length; i++) s[i] = (byte) (first + i);
        return s;
    }

    /**
     * n bytes of java.util.SplittableRandom(seed).nextLong() outputs, each written little-endian
     * (this is the SplitMix64 stream; see docs/repository-format.md).
     */
    static byte[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) b[i + j] = (byte) (v >>> (8 * j));
        }
        return b;
    }

    /** The lengths of the chunks of data[0, n), cutting from the start to the end. */
    static List<Integer> lengths(FastCdc cdc, byte[] data, int n) {
        List<Integer> out = new ArrayList<>();
        for (int off = 0; off < n; ) {
            int len = cdc.cut(data, off, n - off);
            out.add(len);
            off += len;
        }
        return out;
    }

    static List<Integer> lengths(FastCdc cdc, byte[] data) {
        return lengths(cdc, data, data.length);
    }

    /** The end offsets of the chunks (the last one is data.length). */
    static List<Long> ends(FastCdc cdc, byte[] data) {
        List<Long> out = new ArrayList<>();
        long end = 0;
        for (int len : lengths(cdc, data)) out.add(end += len);
        return out;
    }
}
