package dev.holdfast.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * zstd compression with incompressible-data detection. Data larger than 4 × {@link #SAMPLE} bytes
 * is first probed: one {@code SAMPLE}-byte slice from its middle is compressed at level 1, and if that
 * saves less than 3% the chunk is stored uncompressed without compressing the rest. Whole results
 * that save less than 1% are also dropped. Thread-safe: a small pool of compression contexts is shared by all threads.
 */
public final class Compressor {
    public static final int SAMPLE = 16 * 1024;
    /**
     * Compression contexts hold megabytes of native tables each: a few shared by all threads bound
     * that memory (and the CPU work) however many threads read files.
     */
    private static final BlockingQueue<ZstdCompressCtx> CONTEXTS = new ArrayBlockingQueue<>(Runtime.getRuntime().availableProcessors() + 1);

    static {
        for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) CONTEXTS.add(new ZstdCompressCtx());
    }

    private static final ThreadLocal<ZstdDecompressCtx> DCTX = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private final int level;

    /** @param level a zstd level from 1 to 19; 0 disables compression. */
    public Compressor(int level) {
        if (level < 0 || level > 19) throw new IllegalArgumentException("compression level must be 0 to 19, not " + level);
        this.level = level;
    }

    public int level() { return level; }

    /** The compressed form of data[off, off+len), or null when it is not worth storing compressed. */
    public byte[] compress(byte[] data, int off, int len) {
        if (level == 0 || len < 64) return null;
        ZstdCompressCtx ctx;
        try {
            ctx = CONTEXTS.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a compression context");
        }
        try {
            return compress(ctx, data, off, len);
        } finally {
            CONTEXTS.add(ctx);
        }
    }

    private byte[] compress(ZstdCompressCtx ctx, byte[] data, int off, int len) {
        if (len > 4 * SAMPLE) {
            ctx.setLevel(1);
            byte[] probe = new byte[(int) Zstd.compressBound(SAMPLE)];
            int n = ctx.compressByteArray(probe, 0, probe.length, data, off + len / 2 - SAMPLE / 2, SAMPLE);
            if (n > SAMPLE - SAMPLE / 32) return null;
        }
        ctx.setLevel(level);
        byte[] out = new byte[(int) Zstd.compressBound(len)];
        int n = ctx.compressByteArray(out, 0, out.length, data, off, len);
        if (n > len - len / 100) return null;
        return Arrays.copyOf(out, n);
    }

    /** Decompresses a zstd frame whose original length is known. */
    public static byte[] decompress(byte[] data, int off, int len, int rawLength) {
        byte[] out = new byte[rawLength];
        decompressInto(data, off, len, out, rawLength);
        return out;
    }

    /** Decompresses a zstd frame whose original length is known into out[0, rawLength) (a reused buffer). */
    public static void decompressInto(byte[] data, int off, int len, byte[] out, int rawLength) {
        int n = DCTX.get().decompressByteArray(out, 0, rawLength, data, off, len);
        if (n != rawLength) throw new IllegalStateException("decompressed " + n + " bytes, expected " + rawLength);
    }
}
