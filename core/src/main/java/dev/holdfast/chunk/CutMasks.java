package dev.holdfast.chunk;

/**
 * The two cut masks of normalized chunking (FastCDC, normalization level 2). With
 * {@code b = log2(avg)}, the strict mask used before the average size has {@code b + 2} one-bits and
 * the loose mask used after it has {@code b - 2}. The bits are spread over the top 32 bits of the
 * 64-bit gear hash, always including bit 63: mask with {@code n} bits has bits
 * {@code 63 - floor(32 * i / n)} for {@code i = 0..n-1}. Bit {@code k} of the gear hash depends on
 * the last {@code k + 1} bytes, so every tested bit depends on at least 33 bytes and the cut decision
 * on the last 64.
 */
final class CutMasks {
    /** FastCDC's normalization level: bits added to / removed from log2(avg). */
    static final int NORMALIZATION = 2;

    private CutMasks() {}

    /** The mask tested while the chunk is at most {@code avg} bytes long. */
    static long strict(int avg) {
        return spread(log2(avg) + NORMALIZATION);
    }

    /** The mask tested once the chunk is longer than {@code avg} bytes. */
    static long loose(int avg) {
        return spread(log2(avg) - NORMALIZATION);
    }

    /** A mask of {@code n} one-bits (1..32) spread evenly over bits 63 down to 32. */
    static long spread(int n) {
        if (n < 1 || n > 32) throw new IllegalArgumentException("mask needs 1 to 32 bits: " + n);
        long mask = 0;
        for (int i = 0; i < n; i++) mask |= 1L << (63 - (32 * i) / n);
        return mask;
    }

    private static int log2(int avg) {
        if (Integer.bitCount(avg) != 1) throw new IllegalArgumentException("not a power of two: " + avg);
        return Integer.numberOfTrailingZeros(avg);
    }
}
