package dev.holdfast.chunk;

/** Bounds of content-defined chunking: minimum, average (a power of two) and maximum size. */
public record ChunkerParams(int min, int avg, int max) {
    public static final ChunkerParams DEFAULT = new ChunkerParams(256 * 1024, 1024 * 1024, 8 * 1024 * 1024);

    public ChunkerParams {
        if (Integer.bitCount(avg) != 1) throw new IllegalArgumentException("average chunk size must be a power of two: " + avg);
        if (!(64 <= min && min < avg && avg < max)) throw new IllegalArgumentException("need 64 <= min < avg < max: " + min + "/" + avg + "/" + max);
    }
}
